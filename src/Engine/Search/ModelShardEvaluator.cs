using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// Scores nokens the way a campaign does — <see cref="CampaignWorkload"/> splices them into every prompt, decodes
/// and runs the detectors — and keeps each noken's outcome (its worst pair). Call from the thread that owns the model.
/// </summary>
public sealed class ModelShardEvaluator(CampaignWorkload workload) : IShardEvaluator
{
    public IReadOnlyList<NokenOutcome> Evaluate(NokenRecipe recipe, long start, int count) =>
        workload.Run(recipe, start, count).Summary.Outcomes!;
}
