using System.Text.Json;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// A campaign's <c>spec.json</c>: the parsed spec (camelCase, every default filled in) as it can travel — models named
/// as the spec named them (<see cref="RecordedModel"/>) and no output folder, so nothing in it is a path on the
/// machine that ran it. Reading it back (<see cref="Resolve"/>) turns embedded model names into this install's folders.
/// </summary>
public static class RecordedSpec
{
    public static byte[] ToUtf8(CampaignSpec spec) => JsonSerializer.SerializeToUtf8Bytes(Portable(spec), SweepSummary.Json);

    public static CampaignSpec Portable(CampaignSpec spec) => spec with
    {
        Model = spec.ModelName,
        Output = "",
        GroundTruth = spec.GroundTruth is { ReferenceModel: not null } g ? g with { ReferenceModel = g.ReferenceModelName } : spec.GroundTruth,
    };

    /// <summary>A spec read from a <c>spec.json</c>, its embedded model names resolved to this install's copies (other
    /// names stay as written: a replay says what to pass when they are not folders here).</summary>
    public static CampaignSpec Resolve(CampaignSpec spec) => spec with
    {
        Model = EmbeddedModels.TryResolve(spec.Model) is { } model && !Path.IsPathRooted(spec.Model) ? model : spec.Model,
        ModelName = spec.ModelName,
        GroundTruth = spec.GroundTruth is { ReferenceModel: { } reference } g && !Path.IsPathRooted(reference) && EmbeddedModels.TryResolve(reference) is { } folder
            ? g with { ReferenceModel = folder, ReferenceModelName = g.ReferenceModelName } : spec.GroundTruth,
    };
}
