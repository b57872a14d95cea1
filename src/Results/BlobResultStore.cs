using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Orleans.Noken.Results;

/// <summary>
/// The result store in an Azure Blob container (the cluster's store; Azurite in tests). A conditional create is an
/// upload with <c>If-None-Match: *</c>: the service accepts the first and answers every later one 409/412, so
/// first write wins across silos without any lock. The container is created on first use if missing.
/// </summary>
public sealed class BlobResultStore : IResultStore
{
    readonly BlobContainerClient container;
    readonly Lazy<Task> created;

    public BlobResultStore(BlobContainerClient container)
    {
        this.container = container ?? throw new ArgumentNullException(nameof(container));
        // Once per store, not per call; not tied to one caller's cancellation, since every caller shares it.
        created = new Lazy<Task>(() => container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
    }

    public BlobContainerClient Container => container;

    /// <summary>Client options for the store: bounded exponential retries, so a restarted or throttling storage
    /// service delays a silo for seconds rather than failing a shard.</summary>
    public static BlobClientOptions DefaultClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 6;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(15);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        return options;
    }

    public async Task<bool> TryCreateAsync(string path, Stream content, CancellationToken cancellation = default)
    {
        await EnsureContainerAsync(cancellation);
        var blob = container.GetBlobClient(ResultPath.Check(path));
        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellation);
            return true;
        }
        // 409 BlobAlreadyExists for a simple upload, 412 when a staged (large) upload's commit loses. If a retry
        // follows our own lost success it also lands here: the blob is then ours, and shard results are
        // deterministic, so "someone already wrote it" is still the truth the caller needs.
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellation = default)
    {
        await EnsureContainerAsync(cancellation);
        await container.GetBlobClient(ResultPath.Check(path)).UploadAsync(new BinaryData(content), overwrite: true, cancellation);
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellation = default)
    {
        try
        {
            var result = await container.GetBlobClient(ResultPath.Check(path)).DownloadContentAsync(cancellation);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404) // blob or container missing
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string path, CancellationToken cancellation = default)
    {
        try { return await container.GetBlobClient(ResultPath.Check(path)).ExistsAsync(cancellation); }
        catch (RequestFailedException e) when (e.Status == 404) { return false; }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellation = default)
    {
        ResultPath.CheckPrefix(prefix);
        var paths = new List<string>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix.Length == 0 ? null : prefix, cancellation))
                paths.Add(item.Name);
        }
        catch (RequestFailedException e) when (e.Status == 404) // no container yet: nothing stored
        {
            return [];
        }
        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    Task EnsureContainerAsync(CancellationToken cancellation) => created.Value.WaitAsync(cancellation);
}
