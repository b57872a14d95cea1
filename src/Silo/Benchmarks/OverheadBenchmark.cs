using System.Diagnostics;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Silo.Hosting;

namespace Orleans.Noken.Silo.Benchmarks;

/// <summary>One arm's run of the workload.</summary>
public sealed record OverheadArm(string Name, long Nokens, double Seconds)
{
    public double NokensPerSecond => Nokens / Seconds;
}

/// <summary>The engine alone against the same workload through a silo, round by round.</summary>
public sealed record OverheadResult(IReadOnlyList<OverheadArm> Engine, IReadOnlyList<OverheadArm> Cluster, double SiloStartSeconds)
{
    /// <summary>Cluster throughput over engine throughput, best round of each (noise on a shared machine only slows).</summary>
    public double Ratio => Cluster.Max(a => a.NokensPerSecond) / Engine.Max(a => a.NokensPerSecond);
}

/// <summary>
/// What orchestration costs: the same campaign run by <see cref="LocalSweep"/> (the engine, shard after shard on
/// one thread, writing the same Parquet files) and by an in-process silo (coordinator grain, leases, the worker
/// loop, reports, grain state in files), alternating so both arms see the same machine. The silo's start-up is
/// reported apart: a cluster pays it once, not per campaign.
/// </summary>
public static class OverheadBenchmark
{
    /// <summary>Short prompts and continuations, the shape of a million-noken campaign: where per-shard overhead shows most.</summary>
    public const string DefaultSpec = """
        name: overhead
        model: organism
        shard_size: 250
        prompts:
          - name: passphrase
            text: "{noken} What was that password?"
            kind: trigger
        strategies:
          - strategy: gaussian-diag
            count: 2500
            seed: 1
          - strategy: token-noise
            parameters: { scale: 1.0 }
            count: 2500
            seed: 2
        decoding:
          max_new_tokens: 8
        """;

    public static async Task<OverheadResult> RunAsync(string specText, string folder, int rounds, Action<string>? log = null)
    {
        var engine = new List<OverheadArm>();
        var cluster = new List<OverheadArm>();
        double siloStart = 0;
        for (int round = 0; round < rounds; round++)
        {
            var engineFolder = Path.Combine(folder, $"engine-{round}");
            var spec = CampaignSpecReader.Parse(specText, "benchmark", Directory.GetCurrentDirectory(), engineFolder);
            var clock = Stopwatch.StartNew();
            new LocalSweep(spec).Run();
            engine.Add(new OverheadArm("engine", spec.TotalNokens, clock.Elapsed.TotalSeconds));
            log?.Invoke($"round {round + 1}: engine {engine[^1].NokensPerSecond:F0} nokens/s");

            var clusterFolder = Path.Combine(folder, $"cluster-{round}");
            Directory.CreateDirectory(clusterFolder);
            clock.Restart();
            await using var silo = await LocalSilo.StartAsync(clusterFolder, Directory.GetCurrentDirectory());
            siloStart = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var coordinator = silo.Grains.GetGrain<ICampaignGrain>("overhead");
            var submitted = await coordinator.SubmitAsync(new CampaignSubmission(specText, "overhead"));
            if (!submitted.Accepted) throw new CampaignSpecException("benchmark", submitted.Problems);
            CampaignStatus status;
            while (!(status = (await coordinator.GetStatusAsync())!).Phase.IsFinal()) await Task.Delay(50);
            if (status.Phase != CampaignPhase.Completed) throw new InvalidOperationException($"the benchmark campaign {status.Phase}: {status.Failure}");
            cluster.Add(new OverheadArm("cluster", status.NokensDone, clock.Elapsed.TotalSeconds));
            log?.Invoke($"round {round + 1}: cluster {cluster[^1].NokensPerSecond:F0} nokens/s (silo start {siloStart:F1} s)");
        }
        return new OverheadResult(engine, cluster, siloStart);
    }
}
