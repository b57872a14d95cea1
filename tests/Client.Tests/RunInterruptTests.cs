using System.Text.Json;

namespace Orleans.Noken.Client.Tests;

/// <summary>Ctrl+C stops `noken run` within seconds with a message saying how to resume, and running the same command
/// again finishes the campaign from where it stopped, through the real binary.</summary>
public sealed class RunInterruptTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("noken-interrupt-test-").FullName;

    [Fact]
    public async Task CtrlCStopsTheCampaignAndTheSameCommandResumesIt()
    {
        var output = Path.Combine(_folder, "out");
        var spec = Path.Combine(_folder, "spec.yaml");
        File.WriteAllText(spec, $"""
            name: interrupted
            model: organism
            output: {output}
            shard_size: 20
            prompts:
              - name: sea
                text: "{"{noken}"} Tell me something about the sea."
                kind: trigger
            strategies:
              - strategy: gaussian-diag
                count: 200
                seed: 1
              - strategy: random-direction
                count: 200
                seed: 2
            decoding:
              max_new_tokens: 8
            """);
        string[] command = ["run", spec, "--threads", "1"];
        var shards = Path.Combine(output, "shards");
        using (var run = new NokenRun(new Dictionary<string, string>(), command))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (!(Directory.Exists(shards) && Directory.GetFiles(shards, "*.parquet").Length > 0) && !run.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.False(run.HasExited, "the campaign ended before it could be interrupted");
            var interrupted = DateTime.UtcNow;
            run.Interrupt();
            var result = await run.CompletionAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(130, result.ExitCode);
            Assert.Contains("Run the same command again to resume", result.Stderr);
            Assert.True(DateTime.UtcNow - interrupted < TimeSpan.FromSeconds(60), $"stopping took {DateTime.UtcNow - interrupted}");
        }
        Assert.False(File.Exists(Path.Combine(output, "summary.json")));   // it stopped before the end
        var partial = NokenProcess.Run("status", "--out", output);
        Assert.Equal(0, partial.ExitCode);
        Assert.Contains("not finished", partial.Stdout);

        var resumed = NokenProcess.RunWith(new Dictionary<string, string>(), TimeSpan.FromMinutes(5), command);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("resuming at", resumed.Stdout);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Equal(400, summary.RootElement.GetProperty("nokens").GetInt64());
        // The folder is browsable without a cluster: status and results read it.
        var status = NokenProcess.Run("status", "--out", output);
        Assert.Contains("completed", status.Stdout);
        Assert.Contains("400 / 400", status.Stdout);
        var results = NokenProcess.Run("results", "--out", output, "--json");
        Assert.Equal(0, results.ExitCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(results.Stdout).RootElement.ValueKind);
        Assert.Equal(2, NokenProcess.Run("status").ExitCode);                // neither an id nor a folder
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
