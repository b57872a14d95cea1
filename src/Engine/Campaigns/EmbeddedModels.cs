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

    /// <summary>A spec's or option's model name → a folder: the embedded names, else a path (relative to <paramref name="relativeTo"/>).</summary>
    public static string Resolve(string? model, string relativeTo) => model switch
    {
        null or "" or "organism" or "organism/aligned" => Aligned,
        "organism/base" => Base,
        "organism-leaky" or "organism-leaky/aligned" => Path.Combine(LeakyRoot, "aligned"),
        "organism-leaky/base" => Path.Combine(LeakyRoot, "base"),
        _ => Path.GetFullPath(model, relativeTo),
    };
}
