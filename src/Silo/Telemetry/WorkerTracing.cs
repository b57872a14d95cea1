using System.Diagnostics;

namespace Orleans.Noken.Silo.Telemetry;

/// <summary>The worker's spans: one per shard (lease to report), tagged with its campaign, silo and counts, so a
/// trace shows where a shard's time went and which silo ran it.</summary>
public static class WorkerTracing
{
    public const string SourceName = "Orleans.Noken.Worker";
    public const string ShardSpan = "noken.shard";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A shard's span (null when nothing listens: no tracing cost without an exporter).</summary>
    public static Activity? StartShard(string campaign, long shard, string stem, string silo, int nokens)
    {
        var activity = Source.StartActivity(ShardSpan, ActivityKind.Internal);
        activity?.SetTag("noken.campaign", campaign).SetTag("noken.shard", shard).SetTag("noken.shard.stem", stem)
            .SetTag("noken.silo", silo).SetTag("noken.nokens", nokens);
        return activity;
    }
}
