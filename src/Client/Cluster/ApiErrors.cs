using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// Turns what went wrong on the wire into one <see cref="NokenApiException"/> whose message says what to do. The
/// API's error bodies are <c>{"problems": [...]}</c> for a refused spec (400, 409) and <c>{"error": "..."}</c> for
/// everything else; a body in neither shape (a proxy's HTML page) falls back to the status code.
/// </summary>
internal static class ApiErrors
{
    public static NokenApiException Unreachable(ApiEndpoint endpoint, Exception inner) =>
        new($"cannot reach the noken API at {endpoint.Display} (is a silo running? set {ApiEndpoint.UrlVariable} or --api)", transient: true, inner: inner);

    public static NokenApiException TimedOut(ApiEndpoint endpoint, TimeSpan timeout) =>
        new($"the noken API at {endpoint.Display} did not answer within {ProgressFormat.Duration(timeout)}", transient: true);

    /// <summary>A request that never got an HTTP answer.</summary>
    public static NokenApiException Transport(ApiEndpoint endpoint, HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            || e.InnerException is SocketException
            ? Unreachable(endpoint, e)
            : new NokenApiException($"the noken API at {endpoint.Display} failed mid-request: {e.Message}", transient: true, inner: e);

    /// <param name="context">What was sent, for refusals (e.g. the spec file's name); null when it adds nothing.</param>
    public static NokenApiException FromResponse(ApiEndpoint endpoint, HttpStatusCode status, string body, string? context = null)
    {
        var (error, problems) = Read(body);
        var prefix = context is null ? "" : context + ": ";
        return status switch
        {
            HttpStatusCode.Unauthorized => new NokenApiException(endpoint.Token is null
                ? $"the API at {endpoint.Display} needs a token (set {ApiEndpoint.TokenVariable} to the cluster's token)"
                : $"the API at {endpoint.Display} refused the token (set {ApiEndpoint.TokenVariable} to the cluster's token)", status),
            HttpStatusCode.BadRequest when problems.Count > 0 =>
                new NokenApiException($"{prefix}the cluster refused the spec with {problems.Count} problem(s):\n  {string.Join("\n  ", problems)}", status, problems: problems),
            HttpStatusCode.Conflict when problems.Count > 0 =>
                new NokenApiException($"{prefix}a campaign with this id already exists with a different spec ({problems.Count} problem(s)):\n  {string.Join("\n  ", problems)}", status, problems: problems),
            HttpStatusCode.NotFound => new NokenApiException(error ?? $"{prefix}not found at {endpoint.Display} (HTTP 404)", status),
            >= HttpStatusCode.InternalServerError => new NokenApiException(
                $"the noken API at {endpoint.Display} failed (HTTP {(int)status}){(error is null ? "" : ": " + error)}", status, transient: true),
            _ => new NokenApiException($"{prefix}{error ?? (problems.Count > 0 ? string.Join("; ", problems) : "no details")} (HTTP {(int)status} from {endpoint.Display})", status),
        };
    }

    static (string? Error, IReadOnlyList<string> Problems) Read(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return (null, []);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object) return (null, []);
            var error = json.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var problems = json.RootElement.TryGetProperty("problems", out var p) && p.ValueKind == JsonValueKind.Array
                ? p.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : [];
            return (error, problems);
        }
        catch (JsonException)
        {
            return (null, []);
        }
    }
}
