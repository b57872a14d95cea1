using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Noken.Cluster.Tests;

namespace Orleans.Noken.Client.Tests.Cluster.EndToEnd;

/// <summary>
/// <c>noken watch</c> while the silo behind the API is killed (SIGKILL) and another takes its place on the same port
/// with the same grain state and result store: the watch rides out the outage and ends when the campaign completes,
/// every noken counted once.
/// </summary>
public sealed partial class WatchAcrossARestartEndToEndTests : IDisposable
{
    const string Id = "e2e-restart";
    const int Nokens = 1000;

    readonly string _folder = Directory.CreateTempSubdirectory("noken-restart-e2e-").FullName;
    readonly string _token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    readonly List<SiloProcess> _silos = [];

    public void Dispose()
    {
        foreach (var silo in _silos) silo.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task WatchRidesOutTheSiloBeingKilledAndReplacedAndTheCampaignCompletesOnce()
    {
        var environment = ClusterSilo.SiloEnvironment(_folder, _token);
        // The killed silo's shard goes back to the pool soon after its replacement starts asking for work.
        environment["Noken__Campaigns__LeaseDuration"] = "00:00:02";
        int apiPort = SiloProcess.FreePort();
        var first = await StartAsync("restart-a", environment, apiPort);
        var cli = ClusterSilo.CliEnvironment(first.Api, _token);
        var api = first.Api.ToString().TrimEnd('/');

        var spec = EndToEndSpecs.Write(_folder, "restart.yaml", EndToEndSpecs.Tiny(Id, perStrategy: Nokens / 2));
        var submit = NokenProcess.RunWith(cli, ClusterSilo.CommandTimeout, "submit", spec, "--id", Id);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        using var watching = new NokenRun(cli, "watch", Id, "--interval", "0.3");

        await WaitForProgressAsync(first.Api, 50); // one shard in: nineteen to go
        // Paused, so that the first silo cannot finish the campaign alone while a loaded machine is slow to start
        // the watch (it did once in CI: every noken on restart-a); the replacement resumes it.
        var pause = NokenProcess.RunWith(cli, ClusterSilo.CommandTimeout, "pause", Id);
        Assert.True(pause.ExitCode == 0, pause.ToString());
        // The watch's first poll must succeed (a wrong URL fails at once): kill the silo only once it has polled.
        Assert.True(await watching.WaitForLineAsync(l => PollLine().IsMatch(l), TimeSpan.FromSeconds(60)),
            $"the watch printed no status line:\n{watching.Stdout}");
        first.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several polls into the outage
        Assert.False(watching.HasExited, $"the watch ended with the silo:\n{watching.Stdout}");
        var second = await StartAsync("restart-b", environment, apiPort);
        var resume = NokenProcess.RunWith(ClusterSilo.CliEnvironment(second.Api, _token), ClusterSilo.CommandTimeout, "resume", Id);
        Assert.True(resume.ExitCode == 0, resume.ToString());

        var watch = await watching.CompletionAsync(TimeSpan.FromSeconds(100));
        Assert.True(watch.ExitCode == 0, watch + Logs());
        var lines = watch.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(lines, l => l.Contains($"cannot reach the noken API at {api} (is a silo running?", StringComparison.Ordinal)
            && l.Contains("; retrying for up to ", StringComparison.Ordinal));
        Assert.Equal($"campaign {Id} completed: {Nokens:N0} nokens; results in folder {Path.Combine(_folder, "store")} campaigns/{Id}/", lines[^1]);

        var json = NokenProcess.RunWith(cli, ClusterSilo.CommandTimeout, "status", Id, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var status = JsonDocument.Parse(json.Stdout);
        Assert.Equal(Nokens, status.RootElement.GetProperty("nokensDone").GetInt64());
        Assert.Equal(Nokens / 50, status.RootElement.GetProperty("shardsDone").GetInt64());
        var silos = status.RootElement.GetProperty("silos").EnumerateArray().ToDictionary(s => s.GetProperty("silo").GetString()!, s => s.GetProperty("nokens").GetInt64());
        Assert.Equal(["restart-a", "restart-b"], silos.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Nokens, silos.Values.Sum());
        Assert.True(silos["restart-b"] > 0, second.Log);

        // In the store too, each noken once: a shard the killed silo left half-done was run again, not doubled.
        var rows = await ParquetRows.ReadAllAsync(Path.Combine(_folder, "store", "campaigns", Id));
        Assert.Equal(Nokens * EndToEndSpecs.Prompts, rows.Count);
        Assert.Equal(Nokens, rows.Select(r => r.NokenId).Distinct().Count());
    }

    async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment, int apiPort)
    {
        var silo = await SiloProcess.StartAsync(name, environment, apiPort: apiPort);
        _silos.Add(silo);
        return silo;
    }

    async Task WaitForProgressAsync(Uri api, long nokens)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", _token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync($"api/campaigns/{Id}"));
            if (status.RootElement.GetProperty("nokensDone").GetInt64() >= nokens) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"campaign {Id} did not reach {nokens} nokens: {status.RootElement}{Logs()}");
            await Task.Delay(100);
        }
    }

    string Logs() => string.Concat(_silos.Select(s => $"\n--- {s.Name}\n{s.Log}"));

    /// <summary>A plain watch line: the time, then the phase (StatusView.Line).</summary>
    [GeneratedRegex(@"^\d\d:\d\d:\d\d (Running|Paused|Completed) ")]
    private static partial Regex PollLine();
}
