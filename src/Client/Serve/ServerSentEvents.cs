using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Orleans.Noken.Client.Serve;

/// <summary>OpenAI's streaming framing: <c>data: JSON</c> events, each flushed as it is written, then
/// <c>data: [DONE]</c>.</summary>
internal sealed class ServerSentEvents
{
    readonly HttpContext _http;

    ServerSentEvents(HttpContext http) => _http = http;

    public static ServerSentEvents Start(HttpContext http)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        return new ServerSentEvents(http);
    }

    public async Task SendAsync<T>(T value)
    {
        await _http.Response.WriteAsync($"data: {JsonSerializer.Serialize(value)}\n\n");
        await _http.Response.Body.FlushAsync();
    }

    public Task DoneAsync() => _http.Response.WriteAsync("data: [DONE]\n\n");
}
