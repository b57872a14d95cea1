namespace Orleans.Noken.Results;

/// <summary>
/// The result store as a local folder (the embedded default and <c>noken sweep</c>). Every write goes to a hidden
/// temporary file next to its target and is then moved into place, so a reader never sees half a file; a
/// conditional create moves without overwriting, which the file system does atomically, so of two racing writers
/// exactly one wins.
/// </summary>
public sealed class FolderResultStore : IResultStore
{
    public FolderResultStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>Where <paramref name="path"/> lives on disk.</summary>
    public string FullPath(string path) => Path.Combine(Root, ResultPath.Check(path).Replace('/', Path.DirectorySeparatorChar));

    public async Task<bool> TryCreateAsync(string path, Stream content, CancellationToken cancellation = default)
    {
        var target = FullPath(path);
        if (File.Exists(target)) return false; // the common duplicate: skip writing the copy at all
        var temporary = await WriteTemporaryAsync(target, content, cancellation);
        try
        {
            File.Move(temporary, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(temporary);
            return false;
        }
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellation = default)
    {
        var target = FullPath(path);
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        var temporary = await WriteTemporaryAsync(target, stream, cancellation);
        File.Move(temporary, target, overwrite: true); // a rename: readers see the old file or the new one
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellation = default)
    {
        try { return await File.ReadAllBytesAsync(FullPath(path), cancellation); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellation = default) => Task.FromResult(File.Exists(FullPath(path)));

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellation = default)
    {
        ResultPath.CheckPrefix(prefix);
        // Walk only the deepest folder the prefix names, not the whole store.
        var folder = prefix[..(prefix.LastIndexOf('/') + 1)];
        var start = Path.Combine(Root, folder.Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(start)) return Task.FromResult<IReadOnlyList<string>>([]);
        var paths = Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && !p.Split('/').Any(s => s.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<string>>(paths);
    }

    /// <summary>A hidden name (leading '.') that no valid result path can take and listings skip; unique per write,
    /// so concurrent writers in one process never share it.</summary>
    static async Task<string> WriteTemporaryAsync(string target, Stream content, CancellationToken cancellation)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await content.CopyToAsync(file, cancellation);
            return temporary;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
