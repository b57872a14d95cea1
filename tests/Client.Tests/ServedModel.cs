using System.Diagnostics;
using System.Net.Http.Headers;

namespace Orleans.Noken.Client.Tests;

/// <summary>A real <c>noken serve</c> process on a free loopback port, over a generated checkpoint.</summary>
public class ServedModel : IDisposable
{
    public const string Token = "test-token-7f3a";
    readonly Process _process;

    public CheckpointFolder Checkpoint { get; } = new();
    public Uri BaseAddress { get; }

    public ServedModel() : this([]) { }

    protected ServedModel(string[] extraArguments, Action<string>? prepareCheckpoint = null)
    {
        prepareCheckpoint?.Invoke(Checkpoint.Path);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NOKEN_API_TOKEN"] = Token;
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "noken.dll"), "serve", "--model", Checkpoint.Path, "--port", "0", "--threads", "1" }.Concat(extraArguments))
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start noken serve");
        var line = _process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"noken serve exited: {_process.StandardError.ReadToEnd()}");
        // "serving DIR (chatml) at http://127.0.0.1:PORT/v1": requests below name the v1/ routes themselves.
        BaseAddress = new Uri(new Uri(line[line.IndexOf("http://", StringComparison.Ordinal)..]), "/");
    }

    public HttpClient Client(string? token = Token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try { _process.Kill(entireProcessTree: true); _process.WaitForExit(); } catch (InvalidOperationException) { }
        _process.Dispose();
        Checkpoint.Dispose();
    }
}

/// <summary>The same server with a noken spliced into every request.</summary>
public sealed class NokenServedModel() : ServedModel(["--strategy", "token-noise", "--param", "scale=3", "--noken-seed", "4"]);

/// <summary>The same server over a checkpoint with no chat template (a base model): completions only.</summary>
public sealed class TemplatelessServedModel() : ServedModel([], folder =>
{
    var path = System.IO.Path.Combine(folder, "tokenizer_config.json");
    var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    config.Remove("chat_template");
    File.WriteAllText(path, config.ToJsonString());
});
