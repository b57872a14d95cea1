using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Attacks.Campaign;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;
using Orleans.Noken.Grains;
using Orleans.Noken.Results;
using Orleans.Runtime;

namespace Orleans.Noken.Silo.Worker;

/// <summary>
/// The silo's worker loop: find a running campaign, lease a shard, run it on the replica's thread, write its files
/// (first write wins), report its outcomes; renew the lease from the moment it is granted (<see cref="LeaseWatch"/>),
/// and stop the shard at its next decoding step when the campaign is cancelled or paused, the lease is lost or the
/// silo stops. A shard whose files already exist
/// (another silo finished it after this one's lease expired, or this silo crashed after writing) is reported from
/// its files instead of being run again.
/// </summary>
public sealed partial class ShardWorker(
    IGrainFactory grains,
    CampaignStorage storage,
    CampaignReplica replica,
    HardeningWorker hardening,
    ILocalSiloDetails silo,
    IHostApplicationLifetime lifetime,
    IOptions<WorkerOptions> options,
    IOptions<CampaignOptions> campaignOptions,
    Telemetry.WorkerMetrics metrics,
    ILogger<ShardWorker> logger) : BackgroundService
{
    readonly WorkerOptions _options = options.Value;
    readonly TimeSpan _renewEvery = campaignOptions.Value.LeaseDuration / 3;
    // A failure's message goes to the campaign's status: without this silo's folders in it.
    readonly SiloPaths _paths = new(campaignOptions, storage);
    // Campaigns whose control.json this silo has seen land: it is written once, not on every shard.
    readonly HashSet<string> _controlWritten = new(StringComparer.Ordinal);
    int _cursor;

    string Name => silo.Name;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!_options.Enabled) return;
        // The first grain call waits for the silo to be up: before that, placement has nowhere to put a grain.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stopping.Register(() => started.TrySetCanceled(stopping)))
            await started.Task;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // A hardening job first: they are few, asked for by a person waiting, and hold the replica for minutes.
                if (await hardening.TryRunNextAsync(stopping)) continue;
                if (await NextLeaseAsync() is { } lease) await RunAsync(lease, stopping);
                else await Task.Delay(_options.PollInterval, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The cluster is starting, Redis is restarting, a coordinator is moving: wait and ask again.
                LogLoopFailed(e.Message);
                await Task.Delay(_options.PollInterval, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>A shard of one of the running campaigns, taken in turn so that concurrent campaigns share the silo.</summary>
    async Task<ShardLease?> NextLeaseAsync()
    {
        var running = await grains.GetGrain<ICampaignRegistryGrain>(0).RunningAsync();
        for (int k = 0; k < running.Count; k++)
        {
            var campaign = running[(_cursor + k) % running.Count];
            var leases = await grains.GetGrain<ICampaignGrain>(campaign).LeaseAsync(Name, 1);
            if (leases.Count == 0) continue;
            _cursor = (_cursor + k + 1) % Math.Max(1, running.Count);
            return leases[0];
        }
        return null;
    }

    async Task RunAsync(ShardLease lease, CancellationToken stopping)
    {
        using var span = Telemetry.WorkerTracing.StartShard(lease.Campaign, lease.ShardId, lease.Stem, Name, lease.Count);
        using var busy = metrics.Running();
        metrics.Leased(lease.Campaign);
        var outcome = await RunShardAsync(lease, stopping);
        metrics.ShardFinished(lease.Campaign, outcome);
        span?.SetTag("noken.outcome", outcome);
        if (outcome == "failed") span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
    }

    /// <summary>Runs (or recovers from the store) one shard and reports it; returns its outcome: folded, duplicate
    /// (another silo's report came first), failed (reported to the coordinator, whatever the phase it failed in:
    /// reading the spec, loading the model, preparing the workload, running, storing) or stopped (the campaign was
    /// cancelled or paused, the lease lost, or the silo is stopping: the model thread stopped at its next step).</summary>
    async Task<string> RunShardAsync(ShardLease lease, CancellationToken stopping)
    {
        var coordinator = grains.GetGrain<ICampaignGrain>(lease.Campaign);
        var paths = storage.PathsOf(lease.Campaign);
        // From the lease on, not from the first decoding step: a model load and a control decode hold the lease too.
        await using var watch = new LeaseWatch(
            async () => (await coordinator.RenewAsync(Name, [lease.ShardId])).Count == 0,
            () => coordinator.HoldsAsync(Name, lease.ShardId),
            _renewEvery, _options.WatchInterval, stopping, error => LogRenewFailed(lease.Campaign, lease.Stem, error));
        try
        {
            var spec = await coordinator.GetSpecAsync() ?? throw new InvalidOperationException($"campaign {lease.Campaign} has no spec");
            var prepared = await replica.PrepareAsync(lease.Campaign, spec, watch.Token);
            var done = prepared.Attack is { } attack ? await AttackShardAsync(paths, lease, attack, watch.Token)
                : await SweepShardAsync(paths, lease, prepared.Sweep!, watch.Token);
            var report = new ShardReport(lease.ShardId,
                done.Outcomes.Select(o => new OutcomeReport(o.Index, o.Label, o.Score, o.Continuation, o.Hit)).ToList(),
                // Per noken (its worst pair's label), as the status counts them; the summary file counts pairs.
                done.Outcomes.GroupBy(o => o.Label).ToDictionary(g => g.Key, g => g.Count()), done.Seconds);
            bool folded = await Retry.UntilAsync(() => coordinator.CompleteAsync(Name, report),
                $"reporting shard {lease.Stem}", _options.RetryFor, logger, CancellationToken.None);
            LogShardDone(lease.Campaign, lease.Stem, lease.Count, done.Seconds, folded);
            return folded ? "folded" : "duplicate";
        }
        catch (OperationCanceledException) when (watch.Token.IsCancellationRequested)
        {
            LogShardStopped(lease.Campaign, lease.Stem, watch.Reason);
            // Given back, not failed: after a pause (or on the next silo, when this one stops) it runs again at once
            // rather than after the lease's expiry. A lease that is no longer this silo's is left alone.
            await TryAsync(() => coordinator.ReleaseAsync(Name, lease.ShardId), $"giving back shard {lease.Stem}");
            return "stopped";
        }
        catch (Exception e)
        {
            // Any phase, one path: the coordinator counts it towards the campaign's failure limit (a permanent one
            // fails the campaign at once: it would fail the same way on any silo) and the campaign ends Failed with it.
            bool permanent = IsPermanent(e);
            LogShardFailed(lease.Campaign, lease.Stem, permanent, e.Message);
            await TryAsync(() => coordinator.FailAsync(Name, lease.ShardId, _paths.Relative(e.Message), permanent), $"reporting the failure of shard {lease.Stem}");
            return "failed";
        }
    }

    /// <summary>A report about a shard that this silo no longer runs: retried a while, then left to the lease's expiry.</summary>
    async Task TryAsync(Func<Task> call, string what)
    {
        try { await Retry.UntilAsync(call, what, TimeSpan.FromSeconds(10), logger, CancellationToken.None); }
        catch (Exception e) { LogReportFailed(what, e.Message); }
    }

    /// <summary>What a shard's files say: per noken (or attack unit) its outcome, and the seconds it ran.</summary>
    sealed record ShardDone(IReadOnlyList<NokenOutcome> Outcomes, double Seconds);

    /// <summary>A sweep shard's rows and summary (run, or read back when they are already in the store).</summary>
    async Task<ShardDone> SweepShardAsync(ResultPaths paths, ShardLease lease, CampaignWorkload workload, CancellationToken cancellation)
    {
        if (!_controlWritten.Contains(lease.Campaign))
        {
            await Retry.UntilAsync(() => storage.Store.TryCreateAsync(paths.Control, CampaignControl.Of(workload).ToUtf8()),
                "writing control.json", _options.RetryFor, logger, CancellationToken.None);
            _controlWritten.Add(lease.Campaign);
        }
        var summary = await Retry.UntilAsync(() => ShardFiles.TryReadFinishedAsync(storage.Store, paths, lease.Stem),
            $"reading shard {lease.Stem}", _options.RetryFor, logger, CancellationToken.None);
        if (summary is null)
        {
            var recipe = JsonSerializer.Deserialize<NokenRecipe>(lease.Recipe, SearchState.Json)!;
            var result = await replica.Thread.RunAsync(() =>
                workload.Run(recipe, lease.Start, lease.Count, index => Engine.Search.ShardNames.NokenId(lease.Stem, index), cancellation));
            metrics.ShardRan(lease.Campaign, ShardKind.Of(recipe), lease.Count, result.Summary.GeneratedTokens, result.Summary.Seconds);
            bool created = await Retry.UntilAsync(() => ShardFiles.StoreAsync(storage.Store, paths, lease.Stem, result),
                $"writing shard {lease.Stem}", _options.RetryFor, logger, CancellationToken.None);
            // Lost the race: report what is in the store, so the counts match the files exactly.
            summary = created ? result.Summary
                : await ShardFiles.TryReadSummaryAsync(storage.Store, paths, lease.Stem) ?? result.Summary;
        }
        return new ShardDone(summary.Outcomes!, summary.Seconds);
    }

    /// <summary>An attack shard's units (run, or read back from <c>attacks/{stem}.json</c>; first write wins, and any
    /// silo finds the same vectors). A model without gradients (a checkpoint the engine only runs forward) fails the
    /// same on every silo: permanent.</summary>
    async Task<ShardDone> AttackShardAsync(ResultPaths paths, ShardLease lease, AttackWorkload attack, CancellationToken cancellation)
    {
        var file = await Retry.UntilAsync(() => AttackFiles.TryReadAsync(storage.Store, paths, lease.Stem),
            $"reading attack shard {lease.Stem}", _options.RetryFor, logger, CancellationToken.None);
        if (file is null)
        {
            var ran = await replica.Thread.RunAsync(() => attack.Run(lease.Start, lease.Count, cancellation));
            metrics.ShardRan(lease.Campaign, CampaignAttack.Strategy, lease.Count, 0, ran.Seconds);
            bool created = await Retry.UntilAsync(() => AttackFiles.StoreAsync(storage.Store, paths, lease.Stem, ran),
                $"writing attack shard {lease.Stem}", _options.RetryFor, logger, CancellationToken.None);
            file = created ? ran : await AttackFiles.TryReadAsync(storage.Store, paths, lease.Stem) ?? ran;
        }
        return new ShardDone(file.Outcomes(attack.Attack.Goal), file.Seconds);
    }

    /// <summary>A failure that would happen the same way on any silo (the model or spec cannot run).</summary>
    internal static bool IsPermanent(Exception e) =>
        e is CampaignSpecException or CheckpointException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "worker loop: {Error}")]
    partial void LogLoopFailed(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "campaign {Campaign}: shard {Stem} failed (permanent: {Permanent}): {Error}")]
    partial void LogShardFailed(string campaign, string stem, bool permanent, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "campaign {Campaign}: stopped shard {Stem}: {Reason}")]
    partial void LogShardStopped(string campaign, string stem, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What}: gave up ({Error}); the lease will expire")]
    partial void LogReportFailed(string what, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "campaign {Campaign}: shard {Stem} ({Count} nokens, {Seconds:F2} s) done; folded: {Folded}")]
    partial void LogShardDone(string campaign, string stem, int count, double seconds, bool folded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "campaign {Campaign}: renewing the lease on {Stem} failed: {Error}")]
    partial void LogRenewFailed(string campaign, string stem, string error);
}
