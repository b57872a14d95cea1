using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Noken.Engine.Serving;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Orleans.Noken.Client.Serve;

/// <summary>Reading a request body and refusing one, as both endpoints do it: every refusal in OpenAI's error shape,
/// <c>param</c> naming the field at fault.</summary>
internal static class OpenAiHttp
{
    /// <summary>The body as <typeparamref name="T"/>, or the 400 already written (then null).</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext http) where T : class
    {
        try
        {
            var request = await JsonSerializer.DeserializeAsync<T>(http.Request.Body);
            if (request is null) await BadRequest(null, "the body must be a JSON object").ExecuteAsync(http);
            return request;
        }
        catch (JsonException e)
        {
            // The reader's path names the field whose value did not fit ("$.max_tokens"); "$" is the body itself.
            string? param = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            await BadRequest(param, $"the body is not valid JSON{(param is null ? "" : $" at {param}")}: {e.Message}", "invalid_json").ExecuteAsync(http);
            return null;
        }
    }

    public static IResult BadRequest(string? param, string message, string? code = RequestProblems.Invalid) =>
        Error(StatusCodes.Status400BadRequest, "invalid_request_error", message, param, code);

    public static IResult BadRequest(RequestProblems problems) => BadRequest(problems.First?.Param, problems.Message, problems.First?.Code);

    /// <summary>What the engine refused: its field and code when it named them.</summary>
    public static IResult BadRequest(ArgumentException refused) => refused is ServeRequestException named
        ? BadRequest(named.Param, named.Message, named.Code)
        : BadRequest(null, refused.Message);

    public static IResult Error(int status, string type, string message, string? param, string? code) =>
        HttpResults.Json(ErrorResponse.Of(type, message, param, code), statusCode: status);

    /// <summary>
    /// A log-probability as JSON can carry it: a token the model rules out entirely has −∞, which JSON has no number
    /// for, and OpenAI reports such tokens as −9999.
    /// </summary>
    public static float Finite(float logProb) => float.IsFinite(logProb) ? logProb : -9999f;
}
