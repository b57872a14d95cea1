using System.Diagnostics;

namespace Orleans.Noken.Grains.Telemetry;

/// <summary>The coordinators' spans: one per folded shard report, a child of the silo's shard span when Orleans
/// propagates the trace context across the grain call.</summary>
public static class CampaignTracing
{
    public const string SourceName = "Orleans.Noken.Campaigns";
    public const string FoldSpan = "noken.campaign.fold";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartFold(string campaign, long shard, string silo, int nokens)
    {
        var activity = Source.StartActivity(FoldSpan, ActivityKind.Internal);
        activity?.SetTag("noken.campaign", campaign).SetTag("noken.shard", shard).SetTag("noken.silo", silo).SetTag("noken.nokens", nokens);
        return activity;
    }
}
