using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// A plain sweep's shards, exactly as a cluster's coordinator issues them for the same spec: the search policy with
/// every shard exploring (each strategy's count as its quota, strategies in turn). <c>noken sweep</c> runs this list
/// in order, so its shard numbers, file names and noken ids are the ones <c>noken run</c> and the cluster write.
/// A spec's adaptive search settings do not apply here: a local sweep explores only.
/// </summary>
public static class SweepPlan
{
    public static IReadOnlyList<SearchShard> Of(CampaignSpec spec)
    {
        var policy = new AdaptiveSearchPolicy(spec.SearchOptions() with { ExploreFraction = 1 });
        var shards = new List<SearchShard>();
        while (policy.NextShard() is { } shard) shards.Add(shard);
        return shards;
    }
}
