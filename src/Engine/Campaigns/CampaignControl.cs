using System.Text.Json;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// What a campaign's summary needs besides its shards: the detector suite's labels (which detectors run depends
/// on the model) and which labels fire on each prompt's control. The first silo to load the campaign writes it as
/// <c>control.json</c>; the coordinator reads it to build <c>summary.json</c> without a model of its own, which is
/// also why it carries the checkpoint's content hash: only a silo has the checkpoint to hash.
/// </summary>
public sealed record CampaignControl(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, HashSet<string>> ControlFired)
{
    /// <summary>The campaign checkpoint's <see cref="Checkpoints.CheckpointHash"/> ("" in files written before it).</summary>
    public string ModelHash { get; init; } = "";

    public static CampaignControl Of(CampaignWorkload workload) => new(workload.Suite.Labels, workload.ControlFired) { ModelHash = workload.ModelHash };

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, SweepSummary.Json);

    public static CampaignControl FromUtf8(byte[] json) =>
        JsonSerializer.Deserialize<CampaignControl>(json, SweepSummary.Json) ?? throw new JsonException("control.json is null");
}
