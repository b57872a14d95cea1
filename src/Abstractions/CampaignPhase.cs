namespace Orleans.Noken.Abstractions;

/// <summary>
/// Where a campaign is in its life. Pending → Running on submit; Running ⇄ Paused; Running → Completed when every
/// issued shard came back; any live phase → Cancelled; Failed when a shard cannot run anywhere (the reason is kept).
/// </summary>
public enum CampaignPhase
{
    Pending,
    Running,
    Paused,
    Completed,
    Cancelled,
    Failed,
}

public static class CampaignPhases
{
    /// <summary>Completed, Cancelled and Failed: nothing will change any more.</summary>
    public static bool IsFinal(this CampaignPhase phase) => phase is CampaignPhase.Completed or CampaignPhase.Cancelled or CampaignPhase.Failed;
}
