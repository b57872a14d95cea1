using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// Which model folder a replay loads. A campaign's <c>spec.json</c> names the model as its spec did (an embedded name,
/// resolved to this install's copy when read, or a folder relative to the spec or the silos' models root); one written
/// before that names it as the silo resolved it (an absolute path on the silo). Either may or may not exist here. An explicit <c>--model</c> wins (a researcher comparing the aligned
/// and base organisms on the same noken asks for it on purpose); else the spec's folder when this machine has it;
/// else, when the silo ran its embedded organism, this install's embedded copy; else there is nothing to load and the
/// error says what to pass.
/// </summary>
internal static class ReplayModel
{
    public static (string Folder, string Why) Choose(string specModel, string? option, string relativeTo, Func<string, bool> directoryExists)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return (EmbeddedModels.Resolve(option, relativeTo), "from --model");
        if (EmbeddedModels.TryResolve(specModel) is { } embedded) return (embedded, "the campaign's model");
        if (directoryExists(specModel)) return (specModel, "the campaign's model");
        var normalized = specModel.Replace('\\', '/').TrimEnd('/');
        if (normalized.EndsWith("models/organism/aligned", StringComparison.Ordinal))
            return (EmbeddedModels.Aligned, $"the embedded aligned organism (the campaign ran the silo's copy, {specModel})");
        if (normalized.EndsWith("models/organism/base", StringComparison.Ordinal))
            return (EmbeddedModels.Base, $"the embedded base organism (the campaign ran the silo's copy, {specModel})");
        throw new ArgumentException($"the campaign's model '{specModel}' is not on this machine; pass --model with a local copy of it (or --model organism for the embedded organism)");
    }
}
