namespace Orleans.Noken.Results;

/// <summary>
/// The rules every store path follows, checked by both stores so that a path valid for one is valid for the other:
/// relative, '/'-separated, no empty, '.' or '..' segments (a folder store must not escape its root), no backslash,
/// and no segment starting with '.' (the folder store keeps its half-written temporary files under such names).
/// </summary>
public static class ResultPath
{
    public static string Check(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Problem(path) is { } problem ? throw new ArgumentException($"Result path '{path}' {problem}.", nameof(path)) : path;
    }

    /// <summary>Null when <paramref name="path"/> follows the rules, else why not: what an API answers with a 400
    /// for a path a client typed, before any store sees it.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "is empty";
        if (path.Contains('\\')) return "contains '\\'; use '/'";
        if (path.Any(char.IsControl)) return "contains a control character";
        foreach (var segment in path.Split('/'))
            if (segment.Length == 0 || segment[0] == '.') return "has an empty segment or one starting with '.'";
        return null;
    }

    /// <summary>A prefix may be empty (list everything) or end with '/'; its complete segments follow the path rules.</summary>
    public static string CheckPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var complete = prefix[..(prefix.LastIndexOf('/') + 1)].TrimEnd('/');
        if (complete.Length > 0) Check(complete);
        if (prefix.Contains('\\')) throw new ArgumentException($"Result prefix '{prefix}' contains '\\'; use '/'.", nameof(prefix));
        return prefix;
    }
}
