using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains;

/// <summary>
/// What a hardening job persists (Redis on a cluster, a file for <c>noken run</c>): the submission (with its id), the
/// phase, the lease, the latest progress and, once done, the result. Small: the checkpoint itself is in the store.
/// </summary>
[GenerateSerializer, Alias("noken.HardeningState")]
public sealed class HardeningState
{
    [Id(0)] public HardeningSubmission? Submission { get; set; }
    [Id(1)] public HardeningPhase Phase { get; set; }
    [Id(2)] public string? Failure { get; set; }
    /// <summary>Who runs the job until when; null while nobody does.</summary>
    [Id(3)] public LeaseRecord? Lease { get; set; }
    /// <summary>Leases granted in all.</summary>
    [Id(4)] public int Attempts { get; set; }
    /// <summary>Transient failures reported by silos.</summary>
    [Id(5)] public int Failures { get; set; }
    /// <summary>Leases taken from a silo that stopped renewing (died, hung, or left the cluster).</summary>
    [Id(6)] public int Takeovers { get; set; }
    [Id(7)] public HardeningProgressReport? Progress { get; set; }
    [Id(8)] public HardeningResult? Result { get; set; }
    /// <summary>The silo that holds (or last held) the job.</summary>
    [Id(9)] public string? Silo { get; set; }
    [Id(10)] public DateTimeOffset Created { get; set; }
    [Id(11)] public DateTimeOffset? Finished { get; set; }
}
