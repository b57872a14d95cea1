namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// A path with every symbolic link along it resolved (what <c>realpath(3)</c> gives), in managed code: .NET resolves
/// a link only at the path's last component, and a confinement check must see through links at any depth.
/// </summary>
public static class RealPath
{
    /// <summary>Links followed at most, as the kernel's own limit on a lookup (ELOOP): a cycle ends here.</summary>
    const int MaxLinks = 40;

    /// <summary>The resolved absolute path, or null when it cannot be resolved (a dangling link, a cycle, no access).</summary>
    public static string? Of(string path)
    {
        try
        {
            int links = 0;
            return Resolve(Path.GetFullPath(path), ref links);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }

    static string? Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full)!;
        var resolved = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks) return null;
                // A relative target is relative to the link's folder; the target may hold links of its own.
                var again = Resolve(Path.GetFullPath(target, resolved), ref links);
                if (again is null) return null;
                next = again;
            }
            resolved = next;
        }
        return resolved;
    }
}
