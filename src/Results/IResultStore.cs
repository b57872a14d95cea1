namespace Orleans.Noken.Results;

/// <summary>
/// Where a campaign's results live: a flat namespace of '/'-separated paths (built with <see cref="ResultPaths"/>)
/// holding immutable shard results and a few overwritable documents. Shard results go through
/// <see cref="TryCreateAsync"/> so that a late duplicate (a silo whose lease expired) can neither overwrite nor
/// double-count a shard another silo already finished.
/// </summary>
public interface IResultStore
{
    /// <summary>Creates <paramref name="path"/> with <paramref name="content"/> only if nothing exists there yet.
    /// First write wins: returns false, and changes nothing, when the path already exists. A reader never sees a
    /// partly written file.</summary>
    Task<bool> TryCreateAsync(string path, Stream content, CancellationToken cancellation = default);

    /// <summary>Creates or replaces <paramref name="path"/> (spec, summary, checkpoints): readers see the old or the
    /// new content, never a mix.</summary>
    Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellation = default);

    /// <summary>The content at <paramref name="path"/>, or null when nothing is there
    /// (<see cref="ResultStoreExtensions.ReadRequiredAsync"/> throws instead).</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellation = default);

    Task<bool> ExistsAsync(string path, CancellationToken cancellation = default);

    /// <summary>Every path starting with <paramref name="prefix"/> (a plain string prefix, as blob listings work),
    /// in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellation = default);
}
