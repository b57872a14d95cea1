namespace Orleans.Noken.Client.Cluster;

/// <summary>What an export did: files fetched, files already there, and the bytes fetched.</summary>
internal sealed record ExportReport(int Downloaded, int Skipped, long Bytes);

/// <summary>
/// Copies every file of a campaign from the result store (through the API) into a local folder, keeping the relative
/// paths. Safe to interrupt and run again: a file is written to <c>NAME.part</c> and renamed when complete, so a file
/// under its real name is always whole. A shard's files are written once and never change, so one already there with
/// the size the server announces is not fetched again. The campaign's other files (summary, search checkpoint,
/// elites) are rewritten while it runs, often at the same size, so they are always fetched (they are small) and
/// count as already there only when their content is unchanged.
/// </summary>
internal static class CampaignExport
{
    const string PartSuffix = ".part";

    public static async Task<ExportReport> RunAsync(NokenApiClient api, string campaign, string folder,
        Action<string, int, int>? progress = null, CancellationToken cancellation = default)
    {
        var root = Path.GetFullPath(folder);
        var files = await api.FilesAsync(campaign, cancellation);
        int downloaded = 0, skipped = 0;
        long bytes = 0;
        foreach (var (path, i) in files.Select((f, i) => (f, i)))
        {
            progress?.Invoke(path, i, files.Count);
            var written = await DownloadAsync(api, campaign, path, LocalPath(root, path), cancellation);
            if (written is { } n)
            {
                downloaded++;
                bytes += n;
            }
            else skipped++;
        }
        progress?.Invoke("", files.Count, files.Count);
        return new ExportReport(downloaded, skipped, bytes);
    }

    /// <summary>
    /// Where a campaign file goes under <paramref name="root"/>. The path comes from the server, so one that would
    /// land outside the folder ("../", an absolute path) is refused rather than trusted.
    /// </summary>
    public static string LocalPath(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var inside = Path.GetRelativePath(root, full);
        if (Path.IsPathRooted(relative) || inside == "." || inside.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(inside)
            || relative.EndsWith(PartSuffix, StringComparison.Ordinal))
            throw new NokenApiException($"the API listed a campaign file '{relative}' that is not a path inside the export folder; refusing to write it");
        return full;
    }

    /// <summary>Shard files and hardened checkpoints (a hardening job's files): first write wins in the store, so their
    /// content never changes once they exist.</summary>
    public static bool IsWrittenOnce(string path) =>
        path.StartsWith(ShardsFolder, StringComparison.Ordinal) || path.StartsWith(HardenedFolder, StringComparison.Ordinal);

    const string ShardsFolder = "shards/";
    const string HardenedFolder = "hardened/";

    /// <returns>The bytes written, or null when the file was already there.</returns>
    static Task<long?> DownloadAsync(NokenApiClient api, string campaign, string path, string local, CancellationToken cancellation) =>
        api.ReadFileAsync(campaign, path, async (response, c) =>
        {
            var existing = new FileInfo(local);
            // Without a Content-Length there is nothing to compare, so the file is fetched again: correct, just slower.
            if (existing.Exists && IsWrittenOnce(path) && response.Content.Headers.ContentLength == existing.Length) return (long?)null;
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            var part = local + PartSuffix;
            await using (var file = File.Create(part))
                await response.Content.CopyToAsync(file, c);
            if (existing.Exists && await SameContentAsync(part, local, c))
            {
                File.Delete(part);
                return null;
            }
            File.Move(part, local, overwrite: true);
            return new FileInfo(local).Length;
        }, cancellation);

    static async Task<bool> SameContentAsync(string a, string b, CancellationToken cancellation)
    {
        if (new FileInfo(a).Length != new FileInfo(b).Length) return false;
        await using var left = File.OpenRead(a);
        await using var right = File.OpenRead(b);
        var x = new byte[1 << 16];
        var y = new byte[1 << 16];
        while (true)
        {
            int n = await left.ReadAtLeastAsync(x, x.Length, throwOnEndOfStream: false, cancellation);
            int m = await right.ReadAtLeastAsync(y, y.Length, throwOnEndOfStream: false, cancellation);
            if (n != m || !x.AsSpan(0, n).SequenceEqual(y.AsSpan(0, m))) return false;
            if (n == 0) return true;
        }
    }
}
