namespace Orleans.Noken.Abstractions;

/// <summary>
/// One hardening job (key: the job id): fine-tuning a completed campaign's model against the nokens it found, on
/// whichever silo leases it. It persists the job, its lease (with expiry) and its progress before any call that
/// changed them returns.
/// </summary>
public interface IHardeningGrain : IGrainWithStringKey
{
    /// <summary>Validates and queues the job. Refused (with every problem) when a field is wrong, when the source
    /// campaign does not exist or is not Completed. Submitting the same request again is a no-op that returns the
    /// status; a different one under the same id is refused.</summary>
    Task<HardeningSubmitOutcome> SubmitAsync(HardeningSubmission submission);

    /// <summary>Null when no job has this id.</summary>
    Task<HardeningStatus?> GetStatusAsync();

    /// <summary>The job for <paramref name="silo"/> when it is pending, or its lease lapsed (the holder died, or left
    /// the cluster); else null.</summary>
    Task<HardeningLease?> LeaseAsync(string silo);

    /// <summary>Extends <paramref name="silo"/>'s lease and records its progress; false when the silo no longer holds
    /// the job (it should stop: another silo has it, or it is final).</summary>
    Task<bool> RenewAsync(string silo, HardeningProgressReport progress);

    /// <summary>The checkpoint's files are all in the store: the job is Completed. False when it was already final
    /// (a late duplicate changes nothing).</summary>
    Task<bool> CompleteAsync(string silo, HardeningResult result);

    /// <summary>The job could not run on <paramref name="silo"/>. A permanent failure (the model cannot load, no noken
    /// reaches the threshold) fails the job; a transient one releases the lease, and the job fails only when it has
    /// failed too often. Ignored from a silo that no longer holds the job.</summary>
    Task FailAsync(string silo, string error, bool permanent);

    /// <summary>Ends the job Cancelled unless it is already final (then its status is unchanged); the silo training it
    /// learns at its next renewal and stops. Null when no job has this id.</summary>
    Task<HardeningStatus?> CancelAsync();

    /// <summary><paramref name="silo"/> gives the job back without a failure (it is stopping): Pending again for the
    /// next silo that asks. Ignored from a silo that no longer holds the job.</summary>
    Task ReleaseAsync(string silo);
}

/// <summary>Every hardening job of the cluster (one registry, key 0): where silo workers look for jobs to run.</summary>
public interface IHardeningRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or updates the job's line (jobs call this on every phase change).</summary>
    Task RecordAsync(HardeningEntry entry);

    Task<IReadOnlyList<HardeningEntry>> ListAsync();

    /// <summary>Ids of the jobs not yet final (Pending or Running), oldest first.</summary>
    Task<IReadOnlyList<string>> ActiveAsync();
}
