using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// Hardening jobs through the cluster's API: submit, status, and the hardened checkpoint's download (it is among the
/// source campaign's files, under the job's folder). Refusals come out as one <see cref="NokenApiException"/> naming
/// every problem.
/// </summary>
internal sealed class HardeningJobClient(NokenApiClient api)
{
    public const string Route = "api/hardening";

    public NokenApiClient Api { get; } = api;

    /// <summary>The id a submission gets when none is given: the campaign's id and a hash of the settings, so the same
    /// command run again (after Ctrl+C, or to fetch the checkpoint again) finds the same job instead of training anew.</summary>
    public static string DefaultId(HardeningSubmission submission)
    {
        var settings = JsonSerializer.SerializeToUtf8Bytes(submission with { Id = null }, ApiJson.Options);
        return CampaignIds.FromName(submission.Campaign, "h" + Convert.ToHexString(SHA256.HashData(settings))[..8].ToLowerInvariant());
    }

    public async Task<HardeningStatus> SubmitAsync(HardeningSubmission submission, CancellationToken cancellation = default)
    {
        try
        {
            return await Api.CallAsync<HardeningStatus>(HttpMethod.Post, Route, NokenApiClient.Json(submission), null, cancellation);
        }
        catch (NokenApiException e) when (e.Status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict && e.Problems.Count > 0)
        {
            throw new NokenApiException($"the cluster refused the hardening job ({e.Problems.Count} problem(s)):\n  {string.Join("\n  ", e.Problems)}",
                e.Status, problems: e.Problems);
        }
    }

    public Task<HardeningStatus> StatusAsync(string id, CancellationToken cancellation = default) =>
        Api.CallAsync<HardeningStatus>(HttpMethod.Get, Job(id), null, null, cancellation);

    public async Task<IReadOnlyList<HardeningEntry>> ListAsync(CancellationToken cancellation = default) =>
        await Api.CallAsync<List<HardeningEntry>>(HttpMethod.Get, Route, null, null, cancellation);

    /// <summary>The job's status after the cancel: Cancelled, or the final phase it had already reached.</summary>
    public Task<HardeningStatus> CancelAsync(string id, CancellationToken cancellation = default) =>
        Api.CallAsync<HardeningStatus>(HttpMethod.Post, $"{Job(id)}/cancel", null, null, cancellation);

    static string Job(string id) =>
        string.IsNullOrWhiteSpace(id) ? throw new ArgumentException("the hardening job id is empty") : $"{Route}/{Uri.EscapeDataString(id)}";

    /// <summary>A completed job's files into <paramref name="folder"/> (each via NAME.part, renamed when whole); returns the bytes written.</summary>
    public async Task<long> DownloadAsync(HardeningStatus job, string folder, CancellationToken cancellation = default)
    {
        if (job.Phase != HardeningPhase.Completed) throw new InvalidOperationException($"hardening job {job.Id} is {job.Phase}, not Completed: nothing to download");
        Directory.CreateDirectory(folder);
        long bytes = 0;
        foreach (var file in job.Files)
        {
            var local = CampaignExport.LocalPath(folder, file);
            bytes += await Api.ReadFileAsync(job.Campaign, job.Folder + file, async (response, c) =>
            {
                var part = local + ".part";
                await using (var stream = File.Create(part))
                    await response.Content.CopyToAsync(stream, c);
                File.Move(part, local, overwrite: true);
                return new FileInfo(local).Length;
            }, cancellation);
        }
        return bytes;
    }
}
