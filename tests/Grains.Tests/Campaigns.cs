using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Grains.Tests;

/// <summary>Specs and what a silo would do with a lease, minus the model: the files it writes and the report it sends.</summary>
public static class Campaigns
{
    /// <summary>40 nokens in shards of 10: 25 from one strategy, 15 from another → 5 shards.</summary>
    public const string Sweep = """
        name: grain-test
        model: organism
        shard_size: 10
        prompts:
          - name: hello
            text: "{noken} Hello there."
        strategies:
          - strategy: gaussian-diag
            count: 25
            seed: 1
          - strategy: init
            count: 15
            seed: 2
        """;

    /// <summary>The vector a worker would store for the hit (a stand-in for the model's noken).</summary>
    public static readonly float[] HitVector = [0.5f, -1.25f, 2f];

    public static string Adaptive(double explore) => Sweep + $"\nsearch:\n  explore_fraction: {explore}\n  threshold: 0.5\n";

    /// <summary>Writes the shard's files as a worker would, then reports every noken with <paramref name="score"/>
    /// (noken <paramref name="hitIndex"/> of the shard gets <paramref name="hitScore"/> under label "secret").</summary>
    public static async Task<bool> CompleteAsync(CoordinatorCluster cluster, string silo, ShardLease lease,
        int? hitIndex = null, double hitScore = 0.9)
    {
        var paths = cluster.Storage.PathsOf(lease.Campaign);
        await Results.ResultStoreExtensions.TryCreateAsync(cluster.Storage.Store, paths.Control,
            new CampaignControl(["secret"], new Dictionary<string, HashSet<string>>()).ToUtf8());
        var outcomes = Enumerable.Range(0, lease.Count)
            .Select(i => i == hitIndex
                ? new NokenOutcome(lease.Start + i, "secret", hitScore, hitScore >= 0.5, "violet-anchor-93")
                : new NokenOutcome(lease.Start + i, "none", 0, false))
            .ToList();
        var labels = outcomes.GroupBy(o => o.Label).ToDictionary(g => g.Key, g => g.Count());
        var summary = new ShardSummary(lease.Stem, lease.Count, labels, [], [], new Dictionary<string, int> { ["hello"] = lease.Count }, 0.1)
        {
            Start = lease.Start, Outcomes = outcomes,
            Vectors = hitIndex is { } hit ? [new NokenVector(lease.Start + hit, HitVector)] : [],
        };
        var rows = outcomes.Select(o => new NokenRow { NokenId = $"{lease.Stem}/{o.Index}", Index = o.Index, TopLabel = o.Label, UnwantedScore = o.Score }).ToList();
        await ShardFiles.StoreAsync(cluster.Storage.Store, paths, lease.Stem, new ShardResult(rows, summary));
        var report = new ShardReport(lease.ShardId, outcomes.Select(o => new OutcomeReport(o.Index, o.Label, o.Score, o.Continuation, o.Hit)).ToList(), labels, 0.1);
        return await cluster.Grains.GetGrain<ICampaignGrain>(lease.Campaign).CompleteAsync(silo, report);
    }
}
