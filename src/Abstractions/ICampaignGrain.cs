namespace Orleans.Noken.Abstractions;

/// <summary>
/// The coordinator of one campaign (key: the campaign id). It owns the spec, the shard ledger (leases with expiry)
/// and the search state, persists all of it before any call that changed it returns, and is the only place that
/// decides what runs next.
/// </summary>
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>Validates and starts the campaign. Submitting the same spec again to an existing campaign is a no-op
    /// that returns its status (so an interrupted <c>noken run</c> resumes); a different spec is refused.</summary>
    Task<SubmitOutcome> SubmitAsync(CampaignSubmission submission);

    /// <summary>Null when no campaign has this id.</summary>
    Task<CampaignStatus?> GetStatusAsync();

    /// <summary>The spec as submitted (the worker parses it on its side).</summary>
    Task<string?> GetSpecAsync();

    /// <summary>Up to <paramref name="count"/> shards for <paramref name="silo"/>: expired leases first, then new shards
    /// from the search policy. Empty when the campaign is not running or nothing is left to issue.</summary>
    Task<IReadOnlyList<ShardLease>> LeaseAsync(string silo, int count);

    /// <summary>Extends the silo's leases on <paramref name="shardIds"/>; returns those the silo no longer holds.</summary>
    Task<IReadOnlyList<long>> RenewAsync(string silo, IReadOnlyList<long> shardIds);

    /// <summary>Whether <paramref name="silo"/> should go on with the shard: the campaign is Running and the silo still
    /// holds its lease. Changes nothing and writes nothing, so a worker can ask every second (a cancelled or paused
    /// campaign, or a lease gone to another silo, stops the shard in flight within seconds).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<bool> HoldsAsync(string silo, long shardId);

    /// <summary><paramref name="silo"/> gives the shard back without a failure (it stopped the shard: the campaign was
    /// paused, or the silo is stopping): the next silo that asks gets it at once. Ignored when the silo does not hold it.</summary>
    Task ReleaseAsync(string silo, long shardId);

    /// <summary>Folds a finished shard in. False when it was already folded (a late duplicate): nothing counts twice.</summary>
    Task<bool> CompleteAsync(string silo, ShardReport report);

    /// <summary>A shard could not run on <paramref name="silo"/>. A permanent failure (the model cannot load, the spec
    /// cannot run) fails the campaign with <paramref name="error"/>; a transient one releases the lease, and the
    /// campaign fails only when the same shard has failed too often.</summary>
    Task FailAsync(string silo, long shardId, string error, bool permanent);

    Task<CampaignStatus?> PauseAsync();
    Task<CampaignStatus?> ResumeAsync();
    Task<CampaignStatus?> CancelAsync();

    /// <summary>The elite archive, best first.</summary>
    Task<IReadOnlyList<EliteView>> GetElitesAsync();
}
