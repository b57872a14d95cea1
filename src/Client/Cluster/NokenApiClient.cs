using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// The cluster's HTTP API as typed calls. Every failure comes out as a <see cref="NokenApiException"/> whose message
/// names the URL and what to do, so commands need no error handling of their own. Calls time out after
/// <see cref="CallTimeout"/>; file downloads, which may be large Parquet files, after <see cref="FileTimeout"/>.
/// </summary>
internal sealed class NokenApiClient : IDisposable
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan FileTimeout = TimeSpan.FromMinutes(10);
    // A silo that is down refuses at once; a host that drops packets would otherwise hang for the OS's minutes.
    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    readonly HttpClient _http;
    readonly TimeSpan _callTimeout;

    /// <param name="callTimeout">Default <see cref="CallTimeout"/>; shorter in tests of a server that never answers.</param>
    public NokenApiClient(ApiEndpoint endpoint, TimeSpan? callTimeout = null)
    {
        Endpoint = endpoint;
        _callTimeout = callTimeout ?? CallTimeout;
        // Per-call timeouts are ours (a CancellationTokenSource per call), so the client's own is off: it would turn
        // a slow download into the same TaskCanceledException as a dead server.
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout })
        {
            BaseAddress = endpoint.BaseUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (endpoint.Token is { } token) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("noken-cli", typeof(NokenApiClient).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    public ApiEndpoint Endpoint { get; }

    /// <param name="source">The spec file's name, which prefixes the problems of a refused spec.</param>
    public Task<CampaignStatus> SubmitAsync(CampaignSubmission submission, string source, CancellationToken cancellation = default) =>
        CallAsync<CampaignStatus>(HttpMethod.Post, ApiRoutes.Campaigns, Json(submission), source, cancellation);

    public async Task<IReadOnlyList<CampaignEntry>> ListAsync(CancellationToken cancellation = default) =>
        await CallAsync<List<CampaignEntry>>(HttpMethod.Get, ApiRoutes.Campaigns, null, null, cancellation);

    public Task<CampaignStatus> StatusAsync(string id, CancellationToken cancellation = default) =>
        CallAsync<CampaignStatus>(HttpMethod.Get, ApiRoutes.Campaign(id), null, null, cancellation);

    /// <summary>The status as the server wrote it, for <c>--json</c>: fields this CLI does not know yet survive.</summary>
    public Task<string> StatusJsonAsync(string id, CancellationToken cancellation = default) =>
        SendAsync(HttpMethod.Get, ApiRoutes.Campaign(id), null, null, _callTimeout, (r, c) => r.Content.ReadAsStringAsync(c), cancellation);

    /// <summary><paramref name="action"/>: pause, resume or cancel.</summary>
    public Task<CampaignStatus> ControlAsync(string id, string action, CancellationToken cancellation = default) =>
        CallAsync<CampaignStatus>(HttpMethod.Post, ApiRoutes.Action(id, action), null, null, cancellation);

    public async Task<IReadOnlyList<EliteView>> ElitesAsync(string id, CancellationToken cancellation = default) =>
        await CallAsync<List<EliteView>>(HttpMethod.Get, ApiRoutes.Elites(id), null, null, cancellation);

    public async Task<IReadOnlyList<string>> FilesAsync(string id, CancellationToken cancellation = default) =>
        await CallAsync<List<string>>(HttpMethod.Get, ApiRoutes.Files(id), null, null, cancellation);

    public Task<byte[]> ReadFileAsync(string id, string path, CancellationToken cancellation = default) =>
        ReadFileAsync(id, path, (response, c) => response.Content.ReadAsByteArrayAsync(c), cancellation);

    /// <summary>Fetches a campaign file and hands the response (headers read, body not yet) to
    /// <paramref name="read"/>, which runs under the download's timeout and may stream the body or drop it.</summary>
    public Task<T> ReadFileAsync<T>(string id, string path, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellation = default) =>
        SendAsync(HttpMethod.Get, ApiRoutes.File(id, path), null, path, FileTimeout, read, cancellation);

    /// <summary>A buffered body with a Content-Length: <c>JsonContent</c> streams it chunked, which some proxies and
    /// ingress controllers in front of a cluster refuse.</summary>
    internal static ByteArrayContent Json<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    internal async Task<T> CallAsync<T>(HttpMethod method, string path, HttpContent? content, string? context, CancellationToken cancellation) =>
        await SendAsync(method, path, content, context, _callTimeout, async (response, c) =>
        {
            try
            {
                return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, c)
                    ?? throw new JsonException("the body is empty or null");
            }
            catch (JsonException e)
            {
                throw new NokenApiException($"the API at {Endpoint.Display} answered {method} /{path} with something that is not {typeof(T).Name} JSON ({e.Message}); is it a noken silo of the same version as this CLI?", inner: e);
            }
        }, cancellation);

    async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, string? context, TimeSpan timeout,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
                throw ApiErrors.FromResponse(Endpoint, response.StatusCode, await response.Content.ReadAsStringAsync(deadline.Token), context);
            return await read(response, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            throw ApiErrors.TimedOut(Endpoint, timeout);
        }
        catch (HttpRequestException e)
        {
            throw ApiErrors.Transport(Endpoint, e);
        }
        catch (HttpIOException e)
        {
            // The connection broke mid-body (a silo stopped while answering); a local disk error stays what it is.
            throw new NokenApiException($"the connection to the noken API at {Endpoint.Display} broke: {e.Message}", transient: true, inner: e);
        }
    }

    public void Dispose() => _http.Dispose();
}
