using System.Globalization;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken harden --campaign ID --on-cluster</c>: the hardening runs on a silo of the cluster, where the campaign's
/// results are. Submits the job (the same settings again find the same job), follows its progress until it is done,
/// and downloads the hardened checkpoint (default runs/ID/hardened). Ctrl+C stops following; the job goes on, and the
/// same command picks it up again. Exit code: 0 completed and downloaded, 1 failed or cancelled, 130 stopped following.
/// </summary>
internal static class HardenOnCluster
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <param name="clean">--clean (a local file): refused, the silos use the organism's aligned dialogues.</param>
    public static int Run(NokenApiClient api, HardeningSubmission submission, string? output, string? clean)
    {
        if (clean is not null)
            throw new ArgumentException("--clean names a file on this machine; a job on the cluster trains on the organism's aligned dialogues (drop --clean, or harden locally)");
        if (CampaignIds.Problem(submission.Campaign) is not null)
            throw new ArgumentException($"--on-cluster needs a cluster campaign's id, not '{submission.Campaign}' (a folder is hardened locally: drop --on-cluster)");
        submission = submission with { Id = submission.Id ?? HardeningJobClient.DefaultId(submission) };
        var outFolder = Path.GetFullPath(output ?? Path.Combine("runs", submission.Campaign, "hardened"));
        using var stop = new CtrlC();
        try
        {
            return ClusterOptions.Wait(RunAsync(new HardeningJobClient(api), submission, outFolder, stop.Token));
        }
        catch (OperationCanceledException) when (stop.Pressed)
        {
            Console.Error.WriteLine($"stopped following; hardening job {submission.Id} goes on (run the same command again to follow it and download the checkpoint)");
            return 130;
        }
    }

    static async Task<int> RunAsync(HardeningJobClient jobs, HardeningSubmission submission, string outFolder, CancellationToken cancellation)
    {
        var status = await jobs.SubmitAsync(submission, cancellation);
        Console.WriteLine($"hardening job {status.Id} on the cluster: campaign {status.Campaign}, {status.Steps} steps; checkpoint → {status.Results}");
        string? last = null;
        DateTimeOffset? failingSince = null;
        while (!status.Phase.IsFinal())
        {
            var line = Line(status);
            if (line != last) Console.WriteLine(line);
            last = line;
            await Task.Delay(Interval, cancellation);
            try
            {
                status = await jobs.StatusAsync(status.Id, cancellation);
                failingSince = null;
            }
            catch (NokenApiException e) when (e.Transient)
            {
                // A silo restarting under the API: keep following for a while, as `noken watch` does.
                failingSince ??= DateTimeOffset.UtcNow;
                if (DateTimeOffset.UtcNow - failingSince > CampaignWatch.GiveUpAfter) throw;
                Console.Error.WriteLine($"({e.Message}; retrying)");
            }
        }
        if (status.Phase == HardeningPhase.Failed)
        {
            Console.Error.WriteLine($"hardening job {status.Id} failed: {status.Failure}");
            // The id comes from the settings, so this very command will find the failed job again.
            Console.Error.WriteLine("(the same settings find this job again: fix the cause and change a setting, e.g. --seed, to run a new one)");
            return 1;
        }
        if (status.Phase == HardeningPhase.Cancelled)
        {
            Console.Error.WriteLine($"hardening job {status.Id} was cancelled (`noken harden cancel {status.Id}`); change a setting, e.g. --seed, to run a new one");
            return 1;
        }
        long bytes = await jobs.DownloadAsync(status, outFolder, cancellation);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hardened on {status.Silo}: KL on nokens {status.FirstKl:F4} → {status.LastKl:F4}; {status.Files.Count} file(s), {bytes / 1e6:F1} MB → {outFolder}"));
        return 0;
    }

    static string Line(HardeningStatus status) => status.Phase switch
    {
        HardeningPhase.Pending when status.Attempts > 0 => $"waiting for a silo (attempt {status.Attempts} ended; the next silo trains from the start)",
        HardeningPhase.Pending => "waiting for a silo",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"{status.Phase} on {status.Silo}: step {status.Step}/{status.Steps}{(status.Kl is { } kl ? $", KL {kl:F4}" : "")}{(status.Attempts > 1 ? $" (attempt {status.Attempts})" : "")}"),
    };
}
