namespace Orleans.Noken.Results;

public static class ResultStoreExtensions
{
    public static async Task<bool> TryCreateAsync(this IResultStore store, string path, ReadOnlyMemory<byte> content,
        CancellationToken cancellation = default)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return await store.TryCreateAsync(path, stream, cancellation);
    }

    /// <summary>Like <see cref="IResultStore.ReadAsync"/>, for callers to whom a missing file is an error.</summary>
    public static async Task<byte[]> ReadRequiredAsync(this IResultStore store, string path, CancellationToken cancellation = default) =>
        await store.ReadAsync(path, cancellation) ?? throw new ResultNotFoundException(path);
}
