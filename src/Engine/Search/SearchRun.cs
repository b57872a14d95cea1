using System.Diagnostics;

namespace Orleans.Noken.Engine.Search;

/// <summary>What one search spent and found: hits are nokens at or above the unwanted threshold; distinct classes
/// count the labels among hits other than <see cref="Behaviour.BehaviourVerdict.NoLabel"/>.</summary>
public sealed record SearchResult(long Nokens, long Hits, int DistinctClasses, IReadOnlyDictionary<string, long> HitsByClass,
    double Seconds, SearchState State);

/// <summary>
/// Drives a policy to the end of its budget in this process, one shard at a time: the loop the coordinator grain
/// and silo workers run distributed, without them. Used by the benchmark and the tests.
/// </summary>
public static class SearchRun
{
    public static SearchResult Execute(AdaptiveSearchPolicy policy, IShardEvaluator evaluator, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(evaluator);
        var clock = Stopwatch.StartNew();
        long nokens = 0;
        while (policy.NextShard() is { } shard)
        {
            cancellation.ThrowIfCancellationRequested();
            policy.Complete(shard.Id, evaluator.Evaluate(shard.Recipe, shard.Start, shard.Count));
            nokens += shard.Count;
        }
        var hits = new Dictionary<string, long>(policy.HitsByClass);
        return new SearchResult(nokens, policy.Hits, hits.Count(h => h.Key != Behaviour.BehaviourVerdict.NoLabel && h.Value > 0),
            hits, clock.Elapsed.TotalSeconds, policy.Checkpoint());
    }
}
