using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Grains;
using Orleans.Noken.Results;
using Orleans.Runtime;

namespace Orleans.Noken.Silo.Worker;

/// <summary>
/// The worker loop's other kind of work: a hardening job. It leases a job, fine-tunes the source campaign's model on
/// the replica's thread from the campaign's results in the store, uploads the hardened checkpoint to the campaign's
/// <c>hardened/JOB/</c> folder (first write wins, the card last) and reports; it renews the lease with its progress
/// every few seconds from the moment it is leased (<see cref="LeaseWatch"/>). Training stops at its next step when the
/// job is cancelled, the lease is lost or the silo stops; whoever takes the job over trains again from the start.
/// </summary>
public sealed partial class HardeningWorker(
    IGrainFactory grains,
    CampaignStorage storage,
    CampaignReplica replica,
    ILocalSiloDetails silo,
    IOptions<WorkerOptions> options,
    IOptions<CampaignOptions> campaignOptions,
    ILogger<HardeningWorker> logger)
{
    readonly WorkerOptions _options = options.Value;
    readonly CampaignOptions _campaigns = campaignOptions.Value;
    readonly TimeSpan _renewEvery = campaignOptions.Value.LeaseDuration / 3;
    // A failure's message goes to the job's status: without this silo's folders in it.
    readonly SiloPaths _paths = new(campaignOptions, storage);

    string Name => silo.Name;

    /// <summary>Runs one pending hardening job if there is one; false when there was none.</summary>
    public async Task<bool> TryRunNextAsync(CancellationToken stopping)
    {
        foreach (var id in await grains.GetGrain<IHardeningRegistryGrain>(0).ActiveAsync())
        {
            if (await grains.GetGrain<IHardeningGrain>(id).LeaseAsync(Name) is not { } lease) continue;
            await RunAsync(lease, stopping);
            return true;
        }
        return false;
    }

    async Task RunAsync(HardeningLease lease, CancellationToken stopping)
    {
        var job = grains.GetGrain<IHardeningGrain>(lease.Job);
        var submission = lease.Submission;
        LogStarted(lease.Job, submission.Campaign, lease.Attempt);
        var local = Path.Combine(Path.GetTempPath(), "noken-hardening", $"{lease.Job}-{Guid.NewGuid():N}");
        var progress = new LatestProgress(new HardeningProgressReport(0, HardeningSubmissionCheck.Steps(submission), null));
        // Every look is a renewal: it carries the progress, so the job's status moves every few seconds.
        var watch = new LeaseWatch(() => job.RenewAsync(Name, progress.Value), check: null, _renewEvery, _options.WatchInterval, stopping,
            error => LogRenewFailed(lease.Job, error));
        try
        {
            var card = await TrainAsync(lease, local, progress, watch.Token);
            var files = await UploadAsync(submission.Campaign, lease.Job, local);
            var result = new HardeningResult(card.Options.Steps, card.FirstKl, card.LastKl, card.FirstCleanLoss, card.LastCleanLoss, card.Seconds, files);
            bool completed = await Retry.UntilAsync(() => job.CompleteAsync(Name, result), $"reporting hardening job {lease.Job}",
                _options.RetryFor, logger, CancellationToken.None);
            LogDone(lease.Job, card.FirstKl, card.LastKl, card.Seconds, completed);
        }
        catch (OperationCanceledException) when (watch.Token.IsCancellationRequested)
        {
            // Cancelled (final: it never runs again), its lease gone to another silo, or the silo is stopping: then it
            // is given back, so the next silo takes it at once (and trains from the start).
            LogStopped(lease.Job, watch.SiloStopping ? "the silo is stopping" : "it was cancelled, or its lease went to another silo");
            if (watch.SiloStopping)
            {
                try { await job.ReleaseAsync(Name); }
                catch (Exception e) { LogRenewFailed(lease.Job, e.Message); }
            }
        }
        catch (Exception e) when (ShardWorker.IsPermanent(e))
        {
            LogFailed(lease.Job, true, e.Message);
            await job.FailAsync(Name, _paths.Relative(e.Message), permanent: true);
        }
        catch (Exception e)
        {
            LogFailed(lease.Job, false, e.Message);
            await job.FailAsync(Name, _paths.Relative(e.Message), permanent: false);
        }
        finally
        {
            await watch.DisposeAsync();
            try { if (Directory.Exists(local)) Directory.Delete(local, recursive: true); }
            catch (IOException e) { LogCleanupFailed(local, e.Message); }
        }
    }

    /// <summary>The source campaign's spec (as its coordinator holds it) and model, the training on the replica's
    /// thread, the checkpoint in <paramref name="local"/>.</summary>
    async Task<HardeningCard> TrainAsync(HardeningLease lease, string local, LatestProgress progress, CancellationToken cancellation)
    {
        var submission = lease.Submission;
        var specText = await grains.GetGrain<ICampaignGrain>(submission.Campaign).GetSpecAsync()
            ?? throw new ArgumentException($"campaign {submission.Campaign} no longer exists");
        var spec = _campaigns.ReadSpec(specText, $"campaign {submission.Campaign}");
        var problems = new List<string>();
        var model = HardeningSubmissionCheck.Model(submission, _campaigns, problems) ?? spec.Model;
        if (problems.Count > 0) throw new ArgumentException(problems[0]);   // checked at submit; the models root may have changed since
        var paths = storage.PathsOf(submission.Campaign);
        return await replica.Thread.RunAwaitingAsync(() => HardeningRun.RunAsync(spec, storage.Store, paths, submission.Campaign, model, local,
            HardeningSubmissionCheck.Inputs(submission), HardeningSubmissionCheck.Options(submission), line => LogProgress(lease.Job, line),
            cancellation, p => progress.Set(new HardeningProgressReport(p.Step, p.Steps, p.Kl)), progressInterval: _options.WatchInterval));
    }

    /// <summary>Every file of the checkpoint into the campaign's folder for the job, the card last (so a folder with a
    /// card is complete); first write wins, as for shards: any run of the job writes the same weights.</summary>
    async Task<IReadOnlyList<string>> UploadAsync(string campaign, string jobId, string local)
    {
        var folder = storage.PathsOf(campaign).Hardened(jobId);
        var files = Directory.GetFiles(local).Select(f => Path.GetFileName(f))
            .OrderBy(f => f is HardeningCard.JsonFile or HardeningCard.CardFile ? 1 : 0).ThenBy(f => f, StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            await Retry.UntilAsync(async () =>
            {
                await using var content = File.OpenRead(Path.Combine(local, file));
                return await storage.Store.TryCreateAsync(folder + file, content);
            }, $"writing {folder}{file}", _options.RetryFor, logger, CancellationToken.None);
        }
        return files.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The training thread's latest report, read by the renewal loop.</summary>
    sealed class LatestProgress(HardeningProgressReport initial)
    {
        HardeningProgressReport _value = initial;
        public HardeningProgressReport Value => Volatile.Read(ref _value);
        public void Set(HardeningProgressReport value) => Volatile.Write(ref _value, value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "hardening job {Job}: training against campaign {Campaign} (attempt {Attempt})")]
    partial void LogStarted(string job, string campaign, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "hardening job {Job}: {Line}")]
    partial void LogProgress(string job, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "hardening job {Job} done: KL {FirstKl:F4} → {LastKl:F4} in {Seconds:F0} s; completed: {Completed}")]
    partial void LogDone(string job, double firstKl, double lastKl, double seconds, bool completed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hardening job {Job} stopped on this silo: {Reason}")]
    partial void LogStopped(string job, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "hardening job {Job} failed (permanent: {Permanent}): {Error}")]
    partial void LogFailed(string job, bool permanent, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hardening job {Job}: renewing the lease failed: {Error}")]
    partial void LogRenewFailed(string job, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not delete the hardening scratch folder {Folder}: {Error}")]
    partial void LogCleanupFailed(string folder, string error);
}
