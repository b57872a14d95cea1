using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Orleans.Noken.Client.Serve;

/// <summary>
/// The body of a 4xx that no endpoint wrote (the bearer-token check's 401, a route or method the server does not
/// have), in OpenAI's error shape with its codes, so that a client reads every refusal the same way. The 401 says
/// only that the key is missing or wrong: nothing about the expected one.
/// </summary>
internal static class OpenAiStatusPages
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var (type, message, code) = http.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => ("invalid_request_error", "missing or incorrect API key: send the server's token as 'Authorization: Bearer TOKEN'", "invalid_api_key"),
            StatusCodes.Status404NotFound => ("invalid_request_error", $"no such route: {http.Request.Method} {Route(http)} (this server has GET /v1/models, POST /v1/chat/completions and POST /v1/completions)", "unknown_url"),
            StatusCodes.Status405MethodNotAllowed => ("invalid_request_error", $"{http.Request.Method} is not allowed on {Route(http)}", "method_not_allowed"),
            int status when status is >= 400 and < 500 => ("invalid_request_error", $"the request was refused ({status})", (string?)null),
            _ => (null, null, null),
        };
        if (type is null) return Task.CompletedTask;
        return OpenAiHttp.Error(http.Response.StatusCode, type, message!, null, code).ExecuteAsync(http);
    }

    /// <summary>The path as the server saw it, cut short: it is the client's own text, echoed only as a hint.</summary>
    static string Route(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        return path.Length <= 80 ? path : path[..77] + "...";
    }
}
