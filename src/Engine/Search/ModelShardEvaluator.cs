using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using TorchSharp;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// Scores nokens the way a sweep does — splice into every prompt, decode, run the detector suite — and reduces each
/// noken to one outcome: its worst pair (highest unwanted score, first prompt on ties) gives the label, the score
/// and the continuation. Call from the thread that owns the model.
/// </summary>
public sealed class ModelShardEvaluator : IShardEvaluator, IDisposable
{
    readonly LoadedModel _loaded;
    readonly EmbeddingStatistics _statistics;
    readonly DetectorSuite _suite;
    readonly ShardGenerator _generator;
    readonly IReadOnlyList<PromptSlot> _slots;
    readonly IReadOnlyList<PromptContext> _contexts;
    readonly DecodingOptions _decoding;
    // Explore shards reuse a few base recipes; building a sampler can be costly (full covariance), so keep them.
    readonly Dictionary<NokenRecipe, INokenSampler> _samplers = [];

    public ModelShardEvaluator(LoadedModel loaded, DetectorSuite suite, IReadOnlyList<CampaignPrompt> prompts, DecodingOptions decoding)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(suite);
        if (prompts is null || prompts.Count == 0) throw new ArgumentException("need at least one prompt", nameof(prompts));
        _loaded = loaded;
        _suite = suite;
        _decoding = decoding;
        _statistics = EmbeddingStatistics.Of(loaded);
        _generator = new ShardGenerator(loaded);
        var rendered = RenderedPrompt.Of(loaded, prompts, distances: []);
        _slots = rendered.Select(p => p.Slot).ToList();
        _contexts = rendered.Select(p => p.Context).ToList();
    }

    public IReadOnlyList<NokenOutcome> Evaluate(NokenRecipe recipe, long start, int count)
    {
        if (!_samplers.TryGetValue(recipe, out var sampler))
        {
            sampler = NokenSamplers.Create(recipe, _statistics, _loaded.Config);
            if (recipe.Strategy != NokenStrategies.Around) _samplers[recipe] = sampler;
        }
        using var scope = torch.NewDisposeScope();
        var nokens = sampler.SampleBatch(start, count);   // [count, D]
        var output = _generator.Run(new ShardRequest(nokens, _slots, _decoding));
        var verdicts = _suite.Score(ShardObservations.Of(output, _contexts));
        var best = new (BehaviourVerdict Verdict, string Text)?[count];
        for (int i = 0; i < output.Pairs.Count; i++)
        {
            var pair = output.Pairs[i];
            if (best[pair.NokenIndex] is not { } current || verdicts[i].UnwantedScore > current.Verdict.UnwantedScore)
                best[pair.NokenIndex] = (verdicts[i], pair.Continuation.Text);
        }
        return best.Select((b, i) => new NokenOutcome(start + i, b!.Value.Verdict.TopLabel, b.Value.Verdict.UnwantedScore, b.Value.Text)).ToList();
    }

    public void Dispose() => _statistics.Dispose();
}
