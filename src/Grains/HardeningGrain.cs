using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains;

/// <summary>
/// One hardening job. It is leased to one silo at a time; the silo renews the lease while it trains and reports its
/// progress with each renewal. A lease that is not renewed for <see cref="CampaignOptions.LeaseDuration"/> (or whose
/// silo left the cluster, after <see cref="CampaignOptions.DeadSiloGrace"/>) goes to the next silo that asks, which
/// trains again from the start: training is not checkpointed, and with the same inputs and seed it gives the same
/// weights. Everything is persisted before the call that changed it returns.
/// </summary>
public sealed partial class HardeningGrain(
    [PersistentState("hardening", CampaignGrain.StorageName)] IPersistentState<HardeningState> state,
    CampaignStorage storage,
    IOptions<CampaignOptions> options,
    TimeProvider clock,
    IClusterMembershipService membership,
    ILogger<HardeningGrain> logger) : Grain, IHardeningGrain
{
    /// <summary>A job whose silos keep dying under it (it does not fit in memory?) fails after this many takeovers,
    /// instead of killing silo after silo.</summary>
    public const int MaxTakeovers = 5;

    readonly CampaignOptions _options = options.Value;

    string Id => this.GetPrimaryKeyString();
    HardeningState State => state.State;
    bool Exists => state.RecordExists && State.Submission is not null;

    public async Task<HardeningSubmitOutcome> SubmitAsync(HardeningSubmission submission)
    {
        if (CampaignIds.Problem(Id) is { } idProblem) return Refused(HardeningRefusal.Invalid, idProblem);
        submission = submission with { Id = Id };
        if (Exists)
            return submission == State.Submission ? new HardeningSubmitOutcome(Status(), [], HardeningRefusal.None)
                : Refused(HardeningRefusal.Conflict, $"id: hardening job '{Id}' already exists with different settings (submit under another id)");
        var problems = HardeningSubmissionCheck.Problems(submission, _options);
        if (problems.Count > 0) return new HardeningSubmitOutcome(null, problems, HardeningRefusal.Invalid);

        var source = await GrainFactory.GetGrain<ICampaignGrain>(submission.Campaign).GetStatusAsync();
        if (source is null) return Refused(HardeningRefusal.UnknownCampaign, $"campaign: no campaign with id '{submission.Campaign}'");
        if (source.Phase != CampaignPhase.Completed)
            return Refused(HardeningRefusal.Conflict,
                $"campaign: '{submission.Campaign}' is {source.Phase}; only a Completed campaign can be hardened against (its results are final then)");

        state.State = new HardeningState { Submission = submission, Phase = HardeningPhase.Pending, Created = clock.GetUtcNow() };
        await SaveAsync();
        LogSubmitted(Id, submission.Campaign, HardeningSubmissionCheck.Steps(submission));
        return new HardeningSubmitOutcome(Status(), [], HardeningRefusal.None);
    }

    public Task<HardeningStatus?> GetStatusAsync() => Task.FromResult(Exists ? Status() : null);

    public async Task<HardeningLease?> LeaseAsync(string silo)
    {
        if (!Exists || State.Phase.IsFinal()) return null;
        var now = clock.GetUtcNow();
        if (State.Lease is { } held)
        {
            // Held and alive elsewhere: not yours. The same silo asking again has lost track of it (it restarted).
            if (held.Silo != silo && held.ExpiresAt > now && !HolderIsGone(held, now)) return null;
            State.Takeovers++;
            LogTakenOver(Id, held.Silo, silo, State.Takeovers);
            if (State.Takeovers > MaxTakeovers)
            {
                await FailJobAsync($"the job was taken over {State.Takeovers} times (its silos died or hung); last, on silo {held.Silo}");
                return null;
            }
        }
        var expires = now + _options.LeaseDuration;
        State.Lease = new LeaseRecord(silo, expires);
        State.Silo = silo;
        State.Attempts++;
        State.Phase = HardeningPhase.Running;
        State.Progress = new HardeningProgressReport(0, HardeningSubmissionCheck.Steps(State.Submission!), null);
        await SaveAsync();
        return new HardeningLease(Id, State.Submission!, Folder(), State.Attempts, expires);
    }

    public async Task<bool> RenewAsync(string silo, HardeningProgressReport progress)
    {
        if (!Exists || State.Phase.IsFinal() || State.Lease?.Silo != silo) return false;
        State.Lease = State.Lease with { ExpiresAt = clock.GetUtcNow() + _options.LeaseDuration };
        State.Progress = progress;
        await state.WriteStateAsync();
        return true;
    }

    public async Task<bool> CompleteAsync(string silo, HardeningResult result)
    {
        // From any silo: its files are all in the store, and any run of the job writes the same ones.
        if (!Exists || State.Phase.IsFinal()) return false;
        State.Phase = HardeningPhase.Completed;
        State.Result = result;
        State.Progress = new HardeningProgressReport(result.Steps, result.Steps, result.LastKl);
        State.Silo = silo;
        State.Lease = null;
        State.Finished = clock.GetUtcNow();
        await SaveAsync();
        LogCompleted(Id, silo, result.FirstKl, result.LastKl, State.Attempts);
        return true;
    }

    public async Task FailAsync(string silo, string error, bool permanent)
    {
        if (!Exists || State.Phase.IsFinal() || State.Lease?.Silo != silo) return;
        State.Lease = null;
        State.Failures++;
        LogFailed(Id, silo, permanent, error);
        if (permanent) await FailJobAsync($"on silo {silo}: {error}");
        else if (State.Failures >= _options.MaxShardFailures) await FailJobAsync($"failed {State.Failures} times; last, on silo {silo}: {error}");
        else
        {
            State.Phase = HardeningPhase.Pending;
            await SaveAsync();
        }
    }

    public async Task<HardeningStatus?> CancelAsync()
    {
        if (!Exists) return null;
        if (State.Phase.IsFinal()) return Status();
        // Final and recorded in the registry as such: no silo leases it again, after a restart of the whole cluster included.
        State.Phase = HardeningPhase.Cancelled;
        State.Lease = null;
        State.Finished = clock.GetUtcNow();
        await SaveAsync();
        LogCancelled(Id, State.Silo);
        return Status();
    }

    public async Task ReleaseAsync(string silo)
    {
        if (!Exists || State.Phase.IsFinal() || State.Lease?.Silo != silo) return;
        State.Lease = null;
        State.Phase = HardeningPhase.Pending;
        await SaveAsync();
    }

    async Task FailJobAsync(string failure)
    {
        State.Phase = HardeningPhase.Failed;
        State.Failure = failure;
        State.Lease = null;
        State.Finished = clock.GetUtcNow();
        await SaveAsync();
    }

    /// <summary>Writes the state and the registry's line (before the caller returns: nothing acknowledged is lost).</summary>
    async Task SaveAsync()
    {
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IHardeningRegistryGrain>(0)
            .RecordAsync(new HardeningEntry(Id, State.Submission!.Campaign, State.Phase, State.Created));
    }

    /// <summary>As a campaign's shard leases: a holder that is no longer an active member of the cluster loses the job
    /// without waiting for the expiry, once its lease has gone unrenewed for the dead-silo grace.</summary>
    bool HolderIsGone(LeaseRecord held, DateTimeOffset now)
    {
        if (now - (held.ExpiresAt - _options.LeaseDuration) < _options.DeadSiloGrace) return false;
        return !membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && m.Name == held.Silo);
    }

    /// <summary>The checkpoint's folder among the source campaign's files.</summary>
    string Folder()
    {
        var paths = storage.PathsOf(State.Submission!.Campaign);
        return paths.Hardened(Id)[paths.Prefix.Length..];
    }

    HardeningStatus Status()
    {
        var submission = State.Submission!;
        var progress = State.Progress ?? new HardeningProgressReport(0, HardeningSubmissionCheck.Steps(submission), null);
        return new HardeningStatus(Id, submission.Campaign, State.Phase, State.Failure, progress.Step, progress.Steps, progress.Kl,
            State.Result?.FirstKl, State.Result?.LastKl, State.Silo, State.Attempts, Folder(), State.Result?.Files ?? [],
            storage.Describe(submission.Campaign) + Folder(), submission, State.Created, State.Finished);
    }

    static HardeningSubmitOutcome Refused(HardeningRefusal refusal, string problem) => new(null, [problem], refusal);

    [LoggerMessage(Level = LogLevel.Information, Message = "hardening job {Job} submitted: campaign {Campaign}, {Steps} steps")]
    partial void LogSubmitted(string job, string campaign, int steps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hardening job {Job}: the lease of {Previous} lapsed; {Silo} takes over and trains from the start (takeover {Takeovers})")]
    partial void LogTakenOver(string job, string previous, string silo, int takeovers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hardening job {Job} failed on {Silo} (permanent: {Permanent}): {Error}")]
    partial void LogFailed(string job, string silo, bool permanent, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "hardening job {Job} cancelled (last on silo {Silo})")]
    partial void LogCancelled(string job, string? silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "hardening job {Job} completed on {Silo}: KL {FirstKl:F4} → {LastKl:F4}, {Attempts} attempt(s)")]
    partial void LogCompleted(string job, string silo, double firstKl, double lastKl, int attempts);
}
