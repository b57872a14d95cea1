namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// Where a spec's model names (<c>model</c>, <c>ground_truth.reference_model</c>) point. On the command line the user
/// owns the machine: an embedded name, else any folder, relative to the spec's. A silo takes specs from any client:
/// an embedded name, else a folder strictly inside its models root, and every other name gets the same one problem —
/// outside the root or missing inside it alike — so a client cannot learn which folders exist on the silo. A
/// folder reached through a symlink counts as inside only when its target is inside the root too.
/// </summary>
public sealed class ModelLocator
{
    readonly string _folder;
    readonly bool _confined;

    ModelLocator(string folder, bool confined) => (_folder, _confined) = (folder, confined);

    /// <summary>For a spec the user runs locally: paths resolve against <paramref name="folder"/>, anywhere.</summary>
    public static ModelLocator Local(string folder) => new(folder, confined: false);

    /// <summary>For a spec a silo received: only embedded names and folders under <paramref name="modelsRoot"/>.</summary>
    public static ModelLocator Confined(string modelsRoot) => new(modelsRoot, confined: true);

    /// <summary>The model's folder, or null with one problem under <paramref name="field"/>.</summary>
    public string? Resolve(string? name, string field, List<string> problems)
    {
        var embedded = EmbeddedModels.TryResolve(name);
        if (!_confined)
        {
            var folder = embedded ?? Path.GetFullPath(name!, _folder);
            if (!Directory.Exists(folder)) problems.Add($"{field}: the folder '{folder}' does not exist");
            return folder;
        }
        var found = embedded ?? Inside(name!);
        if (found is not null && Directory.Exists(found) && (embedded is not null || StaysInside(found))) return found;
        problems.Add($"{field}: '{name}' is not a model on this cluster: name a folder under the silos' models root, or an embedded model ({string.Join(", ", EmbeddedModels.Names)})");
        return null;
    }

    /// <summary>How a resolved model is named in status, <c>spec.json</c> and result files. On a silo a folder is named
    /// relative to the models root (<c>/srv/models/x</c> and <c>family/../x</c> both become <c>x</c>): the client's
    /// absolute spelling would show every reader where the silo keeps its models. Locally the spec's own words.</summary>
    public string Recorded(string? written, string folder)
    {
        if (!_confined || EmbeddedModels.NameOf(folder) is not null || string.IsNullOrWhiteSpace(written)) return RecordedModel.Name(written, folder);
        return Path.GetRelativePath(Path.GetFullPath(_folder), folder).Replace('\\', '/');
    }

    /// <summary>Whether <paramref name="folder"/> (spelled inside the root) is inside the root on disk too: a symlink
    /// under the root that leads out of it (<c>models/x → /</c>) would otherwise hand a spec any folder on the silo.
    /// Both sides are compared with every link resolved, so a root that is itself a link, or links that stay within
    /// it (a Hugging Face cache's snapshots), still work.</summary>
    bool StaysInside(string folder)
    {
        var root = RealPath.Of(_folder);
        var real = RealPath.Of(folder);
        if (root is null || real is null) return false;
        root = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;
        return real.StartsWith(root, StringComparison.Ordinal) && real.Length > root.Length;
    }

    /// <summary>The full path when <paramref name="name"/> lands strictly below the root ('..' and absolute paths that
    /// leave it do not), else null. No file-system access: existence is asked only of paths inside.</summary>
    string? Inside(string name)
    {
        try
        {
            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_folder)) + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(name, root);
            return full.StartsWith(root, StringComparison.Ordinal) && full.Length > root.Length ? full : null;
        }
        catch (ArgumentException) { return null; }   // a NUL or another character no path may hold
    }
}
