namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// The model organism the project ships, copied next to the binaries at build time: the default model of every
/// command, so a first run works offline. A spec may name it as <c>organism</c> (the aligned model) or
/// <c>organism/base</c>; the leaky organism (models/organism-leaky: leaks without nokens, for the hardening study) as
/// <c>organism-leaky</c> or <c>organism-leaky/base</c>.
/// </summary>
public static class EmbeddedModels
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "models", "organism");
    public static string Aligned => Path.Combine(Root, "aligned");
    public static string Base => Path.Combine(Root, "base");
    public static string LeakyRoot => Path.Combine(AppContext.BaseDirectory, "models", "organism-leaky");

    /// <summary>What a spec without a <c>model</c> runs, by name.</summary>
    public const string Default = "organism";

    /// <summary>The names <see cref="TryResolve"/> knows (an empty name is the aligned organism too).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["organism", "organism/aligned", "organism/base", "organism-leaky", "organism-leaky/aligned", "organism-leaky/base"];

    /// <summary>A spec's or option's model name → a folder: the embedded names, else a path (relative to <paramref name="relativeTo"/>).</summary>
    public static string Resolve(string? model, string relativeTo) => TryResolve(model) ?? Path.GetFullPath(model!, relativeTo);

    /// <summary>The embedded model's folder for one of <see cref="Names"/> (or no name), else null.</summary>
    public static string? TryResolve(string? model) => model switch
    {
        null or "" or "organism" or "organism/aligned" => Aligned,
        "organism/base" => Base,
        "organism-leaky" or "organism-leaky/aligned" => Path.Combine(LeakyRoot, "aligned"),
        "organism-leaky/base" => Path.Combine(LeakyRoot, "base"),
        _ => null,
    };

    /// <summary>The embedded name of <paramref name="folder"/> when it is one of the embedded models' folders (the
    /// shortest name that resolves to it), else null.</summary>
    public static string? NameOf(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return Names.FirstOrDefault(n => Path.TrimEndingDirectorySeparator(TryResolve(n)!) == full);
    }
}
