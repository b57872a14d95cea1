using System.Text.Json;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// What a campaign's summary needs besides its shards: the detector suite's labels (which detectors run depends
/// on the model) and which labels fire on each prompt's control. The first silo to load the campaign writes it as
/// <c>control.json</c>; the coordinator reads it to build <c>summary.json</c> without a model of its own.
/// </summary>
public sealed record CampaignControl(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, HashSet<string>> ControlFired)
{
    public static CampaignControl Of(CampaignWorkload workload) => new(workload.Suite.Labels, workload.ControlFired);

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, SweepSummary.Json);

    public static CampaignControl FromUtf8(byte[] json) =>
        JsonSerializer.Deserialize<CampaignControl>(json, SweepSummary.Json) ?? throw new JsonException("control.json is null");
}
