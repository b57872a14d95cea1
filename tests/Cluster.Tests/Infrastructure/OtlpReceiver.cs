using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// A real OTLP/HTTP endpoint on loopback for silos to export to (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>): it keeps every
/// request body by signal path (<c>/v1/traces</c>, <c>/v1/metrics</c>). The bodies are protobuf; strings in them
/// (span names, attribute values) are plain UTF-8, which is all the tests look for.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    readonly HttpListener _listener = new();
    readonly ConcurrentQueue<(string Path, byte[] Body)> _requests = new();
    readonly Task _serving;

    public OtlpReceiver()
    {
        int port = SiloProcess.FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"{Endpoint}");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>What a silo needs to export here, quickly (the SDK's defaults wait seconds between exports).</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    /// <summary>Whether any request to <paramref name="path"/> so far contains every one of <paramref name="strings"/>.</summary>
    public bool Received(string path, params string[] strings) =>
        _requests.Any(r => r.Path == path && strings.All(s => Contains(r.Body, s)));

    public async Task<bool> WaitForAsync(TimeSpan timeout, string path, params string[] strings)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Received(path, strings)) return true;
            await Task.Delay(200);
        }
        return Received(path, strings);
    }

    public string Describe() => string.Join(", ", _requests.GroupBy(r => r.Path).Select(g => $"{g.Key}: {g.Count()} requests"));

    static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _requests.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            // An empty protobuf message is a valid (fully accepted) Export*ServiceResponse.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try { _serving.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
