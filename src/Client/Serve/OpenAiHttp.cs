using System.Text.Json;
using Microsoft.AspNetCore.Http;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Orleans.Noken.Client.Serve;

/// <summary>Reading a request body and refusing one, as both endpoints do it.</summary>
internal static class OpenAiHttp
{
    /// <summary>The body as <typeparamref name="T"/>, or the 400 already written (then null).</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext http) where T : class
    {
        try
        {
            var request = await JsonSerializer.DeserializeAsync<T>(http.Request.Body);
            if (request is null) await BadRequest("the body must be a JSON object").ExecuteAsync(http);
            return request;
        }
        catch (JsonException e)
        {
            await BadRequest($"the body is not valid JSON: {e.Message}").ExecuteAsync(http);
            return null;
        }
    }

    public static IResult BadRequest(string message) =>
        HttpResults.Json(ErrorResponse.Of("invalid_request_error", message), statusCode: StatusCodes.Status400BadRequest);

    /// <summary>
    /// A log-probability as JSON can carry it: a token the model rules out entirely has −∞, which JSON has no number
    /// for, and OpenAI reports such tokens as −9999.
    /// </summary>
    public static float Finite(float logProb) => float.IsFinite(logProb) ? logProb : -9999f;
}
