namespace Orleans.Noken.Abstractions;

/// <summary>
/// A hardening job at a glance: what <c>noken harden --on-cluster</c> shows while it waits, and where the hardened
/// checkpoint is once it is done.
/// </summary>
/// <param name="Step">Training steps done by the silo running it now (a silo that takes the job over starts at 0).</param>
/// <param name="Kl">The KL on nokens over the last reported steps (null before the first report).</param>
/// <param name="FirstKl">Mean KL over the first tenth of the steps (when Completed).</param>
/// <param name="LastKl">Mean KL over the last tenth of the steps (when Completed).</param>
/// <param name="Silo">The silo running it (or that ran it, once final).</param>
/// <param name="Attempts">Leases granted: more than one when a silo died or failed transiently and another took over.</param>
/// <param name="Folder">The checkpoint's folder among the source campaign's files (<c>hardened/JOB/</c>): download
/// it through the campaign's file API.</param>
/// <param name="Files">The checkpoint's files in <paramref name="Folder"/> (when Completed).</param>
/// <param name="Results">Where the folder is, as a user would name it (store and prefix).</param>
[GenerateSerializer, Immutable, Alias("noken.HardeningStatus")]
public sealed record HardeningStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Campaign,
    [property: Id(2)] HardeningPhase Phase,
    [property: Id(3)] string? Failure,
    [property: Id(4)] int Step,
    [property: Id(5)] int Steps,
    [property: Id(6)] double? Kl,
    [property: Id(7)] double? FirstKl,
    [property: Id(8)] double? LastKl,
    [property: Id(9)] string? Silo,
    [property: Id(10)] int Attempts,
    [property: Id(11)] string Folder,
    [property: Id(12)] IReadOnlyList<string> Files,
    [property: Id(13)] string Results,
    [property: Id(14)] HardeningSubmission Submission,
    [property: Id(15)] DateTimeOffset Created,
    [property: Id(16)] DateTimeOffset? Finished);

/// <summary>A line of the hardening job list: the registry's copy of each job's id, source campaign, phase and creation time.</summary>
[GenerateSerializer, Immutable, Alias("noken.HardeningEntry")]
public sealed record HardeningEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Campaign,
    [property: Id(2)] HardeningPhase Phase,
    [property: Id(3)] DateTimeOffset Created);
