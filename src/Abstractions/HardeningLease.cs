namespace Orleans.Noken.Abstractions;

/// <summary>
/// A hardening job a silo may run until <see cref="ExpiresAt"/> (renewed while it trains). The checkpoint's files go
/// to <see cref="Folder"/> among the source campaign's files, a function of the job alone: a silo that takes over
/// after an expiry trains again from the start (same inputs and seed) and writes to the same names, first write wins.
/// </summary>
/// <param name="Attempt">1 for the first lease, more after a takeover.</param>
[GenerateSerializer, Immutable, Alias("noken.HardeningLease")]
public sealed record HardeningLease(
    [property: Id(0)] string Job,
    [property: Id(1)] HardeningSubmission Submission,
    [property: Id(2)] string Folder,
    [property: Id(3)] int Attempt,
    [property: Id(4)] DateTimeOffset ExpiresAt);

/// <summary>How far the silo holding a job has got, sent with each renewal.</summary>
[GenerateSerializer, Immutable, Alias("noken.HardeningProgressReport")]
public sealed record HardeningProgressReport(
    [property: Id(0)] int Step,
    [property: Id(1)] int Steps,
    [property: Id(2)] double? Kl);

/// <summary>What a silo reports once every file of the checkpoint is in the result store.</summary>
/// <param name="Files">The files written under the lease's folder.</param>
[GenerateSerializer, Immutable, Alias("noken.HardeningResult")]
public sealed record HardeningResult(
    [property: Id(0)] int Steps,
    [property: Id(1)] double FirstKl,
    [property: Id(2)] double LastKl,
    [property: Id(3)] double FirstCleanLoss,
    [property: Id(4)] double LastCleanLoss,
    [property: Id(5)] double Seconds,
    [property: Id(6)] IReadOnlyList<string> Files);
