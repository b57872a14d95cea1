using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Attacks.Campaign;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Grains;

/// <summary>
/// One campaign's coordinator. It holds the search policy (what to run next), the lease ledger (who runs what until
/// when) and the running totals, and writes them all to grain storage before any call that changed them returns:
/// a shard a silo was told to run is never forgotten, and a coordinator reactivated on another silo continues
/// exactly where the last one stopped. Heavy data never comes here — silos write shard files to the result store and
/// report only each noken's label and score.
/// </summary>
public sealed partial class CampaignGrain(
    [PersistentState("campaign", CampaignGrain.StorageName)] IPersistentState<CampaignState> state,
    CampaignStorage storage,
    IOptions<CampaignOptions> options,
    TimeProvider clock,
    IClusterMembershipService membership,
    Telemetry.CampaignMetrics metrics,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain
{
    /// <summary>The grain storage provider coordinators and the registry persist to.</summary>
    public const string StorageName = "campaigns";

    static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);
    static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(30);

    readonly CampaignOptions _options = options.Value;
    readonly Queue<(DateTimeOffset At, long Nokens)> _recent = new();
    AdaptiveSearchPolicy? _policy;
    EliteFile? _eliteFile;
    DateTimeOffset _lastCheckpoint;

    string Id => this.GetPrimaryKeyString();
    CampaignState State => state.State;
    bool Exists => state.RecordExists && State.Spec is not null;
    AdaptiveSearchPolicy Policy => _policy ??= RestorePolicy();

    public async Task<SubmitOutcome> SubmitAsync(CampaignSubmission submission)
    {
        if (CampaignIds.Problem(Id) is { } idProblem) return Refused(idProblem);
        if (Exists)
            return submission.Spec == State.Spec ? new SubmitOutcome(Status(), [])
                : Refused($"id: campaign '{Id}' already exists with a different spec (submit under another id)");

        CampaignSpec spec;
        SearchOptions search;
        try
        {
            spec = _options.ReadSpec(submission.Spec, "spec");
            search = spec.SearchOptions();
            search.Validate();
        }
        catch (CampaignSpecException e) { return new SubmitOutcome(null, e.Problems); }
        catch (ArgumentException e) { return Refused($"search: {e.Message}"); }

        // The spec lands in the store before the campaign exists anywhere: a campaign is never running without it.
        var paths = storage.PathsOf(Id);
        await storage.Store.WriteAsync(paths.Spec, RecordedSpec.ToUtf8(spec));
        var now = clock.GetUtcNow();
        _policy = new AdaptiveSearchPolicy(search);
        state.State = new CampaignState
        {
            Spec = submission.Spec, Name = spec.Name, Model = spec.ModelName, Phase = CampaignPhase.Running, Budget = search.Budget,
            Options = JsonSerializer.Serialize(search, SearchState.Json), Search = _policy.Checkpoint().ToJson(), Created = now,
            Attack = spec.Attack is null ? null : JsonSerializer.Serialize(spec.Attack, SweepSummary.Json),
        };
        await SaveAsync();
        await RecordAsync();
        LogSubmitted(Id, spec.Name, search.Budget, search.ExploreFraction);
        return new SubmitOutcome(Status(), []);
    }

    public Task<CampaignStatus?> GetStatusAsync() => Task.FromResult(Exists ? Status() : null);

    public Task<string?> GetSpecAsync() => Task.FromResult(Exists ? State.Spec : null);

    public async Task<IReadOnlyList<ShardLease>> LeaseAsync(string silo, int count)
    {
        if (!Exists || State.Phase != CampaignPhase.Running || count < 1) return [];
        if (Policy.IsFinished)
        {
            // Every shard is in but the summary could not be written yet (the store was down): try again now.
            await FinishAsync();
            return [];
        }
        var now = clock.GetUtcNow();
        var granted = new List<ShardLease>();
        foreach (var shard in Policy.Pending)
        {
            if (granted.Count >= count) break;
            if (State.Leases.TryGetValue(shard.Id, out var held))
            {
                if (held.ExpiresAt > now && !HolderIsGone(held, now)) continue;
                State.Releases++;
                metrics.ShardEvent(Id, "released");
                LogReleased(Id, shard.Id, held.Silo, silo);
            }
            granted.Add(Grant(shard, silo, now));
        }
        while (granted.Count < count && Policy.NextShard() is { } fresh)
        {
            if (fresh.IsExploit) State.ExploitShards++; else State.ExploreShards++;
            granted.Add(Grant(fresh, silo, now));
        }
        if (granted.Count == 0) return [];
        Seen(silo, now);
        State.Search = Policy.Checkpoint().ToJson();
        await SaveAsync();
        return granted;
    }

    public async Task<IReadOnlyList<long>> RenewAsync(string silo, IReadOnlyList<long> shardIds)
    {
        if (!Exists) return shardIds;
        var now = clock.GetUtcNow();
        var lost = new List<long>();
        foreach (var id in shardIds)
        {
            if (State.Leases.TryGetValue(id, out var held) && held.Silo == silo && !State.Phase.IsFinal())
                State.Leases[id] = held with { ExpiresAt = now + _options.LeaseDuration };
            else lost.Add(id);
        }
        Seen(silo, now);
        await SaveAsync();
        return lost;
    }

    public Task<bool> HoldsAsync(string silo, long shardId) =>
        Task.FromResult(Exists && State.Phase == CampaignPhase.Running && State.Leases.TryGetValue(shardId, out var held) && held.Silo == silo);

    public async Task ReleaseAsync(string silo, long shardId)
    {
        if (!Exists || !State.Leases.TryGetValue(shardId, out var held) || held.Silo != silo) return;
        State.Leases.Remove(shardId);
        await SaveAsync();
    }

    public async Task<bool> CompleteAsync(string silo, ShardReport report)
    {
        if (!Exists || State.Phase == CampaignPhase.Cancelled) return false;
        var shard = Policy.Pending.FirstOrDefault(s => s.Id == report.ShardId);
        if (shard is null) return false;   // already folded: a late duplicate counts nothing
        var outcomes = report.Outcomes.Select(o => new NokenOutcome(o.Index, o.Label, o.Score, o.Hit, o.Continuation)).ToList();
        if (outcomes.Count != shard.Count)
        {
            LogBadReport(Id, shard.Id, silo, $"{outcomes.Count} outcomes for a shard of {shard.Count}");
            return false;
        }
        try
        {
            if (!Policy.Complete(shard.Id, outcomes)) return false;
        }
        catch (ArgumentException e)
        {
            LogBadReport(Id, shard.Id, silo, e.Message);
            return false;
        }

        var now = clock.GetUtcNow();
        using var span = Telemetry.CampaignTracing.StartFold(Id, shard.Id, silo, shard.Count);
        string kind = ShardKind.Of(shard);
        int hits = outcomes.Count(o => o.Hit);
        span?.SetTag("noken.kind", kind).SetTag("noken.hits", hits);
        metrics.Folded(Id, kind, outcomes.Select(o => (o.Label, o.Hit)));
        State.NokensByKind[kind] = State.NokensByKind.GetValueOrDefault(kind) + shard.Count;
        State.HitsByKind[kind] = State.HitsByKind.GetValueOrDefault(kind) + hits;
        State.Leases.Remove(shard.Id);
        State.Failures.Remove(shard.Id);
        State.NokensDone += shard.Count;
        State.ShardsDone++;
        foreach (var (label, n) in report.Labels) State.Labels[label] = State.Labels.GetValueOrDefault(label) + n;
        var activity = Seen(silo, now);
        State.Silos[silo] = activity with { Nokens = activity.Nokens + shard.Count, Shards = activity.Shards + 1 };
        _recent.Enqueue((now, shard.Count));
        State.Search = Policy.Checkpoint().ToJson();
        await SaveAsync();

        if (Policy.IsFinished) await FinishAsync();
        else if (now - _lastCheckpoint > CheckpointInterval) await TryWriteCheckpointAsync(now);
        return true;
    }

    public async Task FailAsync(string silo, long shardId, string error, bool permanent)
    {
        if (!Exists || State.Phase.IsFinal()) return;
        // Only the failing silo's own lease goes: a silo that lost the lease and failed late must not take the shard
        // from the silo that runs it now (the failure still counts: the shard did fail).
        if (State.Leases.TryGetValue(shardId, out var held) && held.Silo == silo) State.Leases.Remove(shardId);
        int failures = State.Failures[shardId] = State.Failures.GetValueOrDefault(shardId) + 1;
        metrics.ShardEvent(Id, "failed");
        LogShardFailed(Id, shardId, silo, permanent, error);
        if (permanent || failures >= _options.MaxShardFailures)
        {
            State.Phase = CampaignPhase.Failed;
            State.Failure = permanent ? $"on silo {silo}: {error}" : $"shard {shardId} failed {failures} times; last, on silo {silo}: {error}";
            State.Finished = clock.GetUtcNow();
        }
        await SaveAsync();
        if (State.Phase == CampaignPhase.Failed) await RecordAsync();
    }

    public Task<CampaignStatus?> PauseAsync() => MoveAsync(CampaignPhase.Running, CampaignPhase.Paused);

    /// <summary>From Paused, and from Failed too: once the cause is fixed (a model copied to the silos, the store back),
    /// a failed campaign carries on where it stopped.</summary>
    public async Task<CampaignStatus?> ResumeAsync()
    {
        if (Exists && State.Phase == CampaignPhase.Failed)
        {
            State.Failures.Clear();
            State.Failure = null;
            State.Finished = null;
            State.Phase = CampaignPhase.Paused;
        }
        return await MoveAsync(CampaignPhase.Paused, CampaignPhase.Running);
    }

    public async Task<CampaignStatus?> CancelAsync()
    {
        if (!Exists) return null;
        if (State.Phase.IsFinal()) return Status();
        State.Phase = CampaignPhase.Cancelled;
        State.Leases.Clear();
        State.Finished = clock.GetUtcNow();
        await SaveAsync();
        await RecordAsync();
        return Status();
    }

    public Task<IReadOnlyList<EliteView>> GetElitesAsync()
    {
        IReadOnlyList<EliteView> elites = !Exists ? [] : Policy.Archive.Ranked
            .Select(e => new EliteView(e.NokenId ?? e.Key, JsonSerializer.Serialize(e.Recipe, SearchState.Json), e.Index, e.Label, e.Score, e.Continuation))
            .ToList();
        return Task.FromResult(elites);
    }

    async Task<CampaignStatus?> MoveAsync(CampaignPhase from, CampaignPhase to)
    {
        if (!Exists) return null;
        if (State.Phase == from)
        {
            State.Phase = to;
            await SaveAsync();
            await RecordAsync();
        }
        return Status();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists) Publish();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Forget(Id);
        return Task.CompletedTask;
    }

    /// <summary>Writes the state (before the caller returns: nothing acknowledged is ever lost) and shows it on the
    /// campaign's gauges.</summary>
    async Task SaveAsync()
    {
        await state.WriteStateAsync();
        Publish();
    }

    void Publish()
    {
        var now = clock.GetUtcNow();
        int leased = State.Leases.Count(l => l.Value.ExpiresAt > now);
        metrics.Observe(new Telemetry.CampaignGauges(Id, State.Phase, State.Budget, State.NokensDone, leased, Waiting(leased),
            Policy.Archive.Classes.ToDictionary(c => c, c => (long)Policy.Archive.Of(c).Count)));
    }

    /// <summary>Shards not running anywhere that the campaign still needs: issued and unleased (or their lease
    /// lapsed), plus the budget not yet issued, in shards.</summary>
    long Waiting(int leased)
    {
        if (State.Phase.IsFinal()) return 0;
        long unissued = Math.Max(0, State.Budget - Policy.Issued);
        int size = Math.Max(1, Policy.Options.ShardSize);
        return Math.Max(0, Policy.Pending.Count - leased) + (unissued + size - 1) / size;
    }

    ShardLease Grant(SearchShard shard, string silo, DateTimeOffset now)
    {
        var expires = now + _options.LeaseDuration;
        State.Leases[shard.Id] = new LeaseRecord(silo, expires);
        return new ShardLease(Id, shard.Id, shard.Stem, JsonSerializer.Serialize(shard.Recipe, SearchState.Json), shard.Start, shard.Count, expires);
    }

    /// <summary>
    /// A lease whose silo has left the cluster (declared dead, or from a run before a restart of the whole cluster)
    /// goes back at once rather than at its expiry: with minute-long leases that is the difference between a killed
    /// silo costing seconds or a minute. Only leases not renewed for <see cref="CampaignOptions.DeadSiloGrace"/>, so a
    /// silo that just joined and is not yet in this silo's view of the membership keeps its fresh lease.
    /// </summary>
    bool HolderIsGone(LeaseRecord held, DateTimeOffset now)
    {
        if (now - (held.ExpiresAt - _options.LeaseDuration) < _options.DeadSiloGrace) return false;
        return !membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && m.Name == held.Silo);
    }

    /// <summary>Records that <paramref name="silo"/> was heard from now, and returns its activity.</summary>
    SiloActivity Seen(string silo, DateTimeOffset now)
    {
        var activity = (State.Silos.GetValueOrDefault(silo) ?? new SiloActivity(silo, 0, 0, now)) with { LastSeen = now };
        State.Silos[silo] = activity;
        return activity;
    }

    /// <summary>Every shard is in: the summary (an attack campaign's: its report) goes to the store, and only then is the campaign Completed — a
    /// completed campaign's files are complete. If the store is down, the next lease call tries again.</summary>
    async Task FinishAsync()
    {
        var now = clock.GetUtcNow();
        try
        {
            if (State.Attack is { } attack)
                await AttackFiles.WriteReportAsync(storage.Store, storage.PathsOf(Id), JsonSerializer.Deserialize<CampaignAttack>(attack, SweepSummary.Json)!);
            else await CampaignSummary.WriteAsync(storage, Id, State.Name, State.Model);
            await TryWriteCheckpointAsync(now);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSummaryDeferred(Id, e.Message);
            return;
        }
        State.Phase = CampaignPhase.Completed;
        State.Finished = now;
        await SaveAsync();
        await RecordAsync();
        LogCompleted(Id, State.NokensDone, State.Releases);
    }

    /// <summary>The search state and the elites as files beside the results, for tools that read the store
    /// (best effort: the grain state is the source of truth).</summary>
    async Task TryWriteCheckpointAsync(DateTimeOffset now)
    {
        _lastCheckpoint = now;
        var paths = storage.PathsOf(Id);
        try
        {
            await storage.Store.WriteAsync(paths.Checkpoint("search.json"), System.Text.Encoding.UTF8.GetBytes(State.Search));
            await (_eliteFile ??= new EliteFile(storage, Id)).WriteAsync(Policy.Archive.Ranked);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCheckpointFailed(Id, e.Message);
        }
    }

    AdaptiveSearchPolicy RestorePolicy()
    {
        var search = JsonSerializer.Deserialize<SearchOptions>(State.Options, SearchState.Json)
            ?? throw new InvalidOperationException($"campaign {Id}: stored search options are empty");
        return new AdaptiveSearchPolicy(search, SearchState.FromJson(State.Search));
    }

    Task RecordAsync() =>
        GrainFactory.GetGrain<ICampaignRegistryGrain>(0).RecordAsync(new CampaignEntry(Id, State.Name, State.Phase, State.Created));

    CampaignStatus Status()
    {
        var now = clock.GetUtcNow();
        while (_recent.Count > 0 && now - _recent.Peek().At > RateWindow) _recent.Dequeue();
        // Nokens finished after the oldest completion in the window, over the time since it.
        double rate = _recent.Count < 2 ? 0 : _recent.Skip(1).Sum(r => r.Nokens) / Math.Max(1e-3, (now - _recent.Peek().At).TotalSeconds);
        return new CampaignStatus(Id, State.Name, State.Model, State.Phase, State.Failure, State.Budget, State.NokensDone, State.ShardsDone,
            State.Leases.Count(l => l.Value.ExpiresAt > now), State.Releases,
            new Dictionary<string, long>(State.Labels), new Dictionary<string, long>(Policy.HitsByClass), State.ExploreShards, State.ExploitShards,
            State.Silos.Values.OrderBy(s => s.Silo, StringComparer.Ordinal).ToList(), rate, State.Created, State.Finished, storage.Describe(Id),
            new SearchCounts(new Dictionary<string, long>(State.NokensByKind), new Dictionary<string, long>(State.HitsByKind),
                Waiting(State.Leases.Count(l => l.Value.ExpiresAt > now)), Policy.Archive.Count));
    }

    static SubmitOutcome Refused(string problem) => new(null, [problem]);

    [LoggerMessage(Level = LogLevel.Information, Message = "campaign {Campaign} ({Name}) submitted: {Budget} nokens, explore fraction {Explore}")]
    partial void LogSubmitted(string campaign, string name, long budget, double explore);

    [LoggerMessage(Level = LogLevel.Warning, Message = "campaign {Campaign}: shard {Shard}'s lease on {Previous} expired; re-leased to {Silo}")]
    partial void LogReleased(string campaign, long shard, string previous, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "campaign {Campaign}: refused a report for shard {Shard} from {Silo}: {Reason}")]
    partial void LogBadReport(string campaign, long shard, string silo, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "campaign {Campaign}: shard {Shard} failed on {Silo} (permanent: {Permanent}): {Error}")]
    partial void LogShardFailed(string campaign, long shard, string silo, bool permanent, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "campaign {Campaign}: every shard is in, but the summary could not be written yet: {Error}")]
    partial void LogSummaryDeferred(string campaign, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "campaign {Campaign}: checkpoint files not written (will retry): {Error}")]
    partial void LogCheckpointFailed(string campaign, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "campaign {Campaign} completed: {Nokens} nokens, {Releases} re-leased shards")]
    partial void LogCompleted(string campaign, long nokens, long releases);
}
