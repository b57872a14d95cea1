using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Objectives;
using Orleans.Noken.Engine.Outcomes;
using Orleans.Noken.Engine.Search;
using TorchSharp;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>A shard's work, ready to store: its Parquet rows, its summary, and per noken what search needs.</summary>
public sealed record ShardResult(IReadOnlyList<NokenRow> Rows, ShardSummary Summary);

/// <summary>
/// Everything a campaign needs on a model replica, built once: the prompts rendered for the model, the embedding
/// statistics, the detector suite, the generator and the control's behaviour. <see cref="Run"/> turns one shard
/// (a recipe and an index range) into rows, counts and per-noken outcomes. Used by the local sweep and by silo
/// workers alike; call it only from the thread that owns the model.
/// </summary>
public sealed class CampaignWorkload : IDisposable
{
    readonly LoadedModel _loaded;
    readonly CampaignSpec _spec;
    readonly EmbeddingStatistics _statistics;
    readonly ShardGenerator _generator;
    readonly IReadOnlyList<RenderedPrompt> _prompts;
    // Base recipes recur across shards and a sampler can be costly to build (full covariance); "around" recipes are
    // fresh per exploit shard, so caching them would only grow the cache.
    readonly Dictionary<NokenRecipe, INokenSampler> _samplers = [];

    /// <param name="cancellation">Stops the control decode that preparing runs (it is as long as a shard's), with
    /// what was built disposed.</param>
    public CampaignWorkload(CampaignSpec spec, LoadedModel loaded, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(loaded);
        _spec = spec;
        _loaded = loaded;
        if (spec.Injection is { Layer: var layer } && layer > loaded.Config.NumLayers)
            throw new ArgumentException($"injection.layer {layer}: the model has {loaded.Config.NumLayers} blocks (layers 0..{loaded.Config.NumLayers})");
        _prompts = RenderedPrompt.Of(loaded, spec.Prompts, spec.Distances, spec.Decoding.MaxNewTokens);
        _statistics = EmbeddingStatistics.Of(loaded);
        try
        {
            // Every base sampler is built before any work: a bad strategy parameter stops here, not mid-campaign.
            foreach (var strategy in spec.Strategies) SamplerOf(strategy.Recipe);
            Suite = DetectorSuite.Create(spec.Detectors, DetectorServices.Of(loaded));
            Grader = new PairGrader(spec, loaded);
            _generator = new ShardGenerator(loaded);
            ControlFired = ControlBehaviour(cancellation);
        }
        catch
        {
            Grader?.Dispose();
            _statistics.Dispose();
            throw;
        }
    }

    public DetectorSuite Suite { get; }

    /// <summary>The campaign's ground truth: what decides each pair's outcome class and, with it, every hit.</summary>
    public PairGrader Grader { get; }

    /// <summary>The campaign checkpoint's content hash, as every row and summary records it.</summary>
    public string ModelHash => _loaded.ContentHash;

    /// <summary>Which labels fire on each prompt's control: the baseline every noken rate is compared with.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> ControlFired { get; }

    /// <param name="cancellation">Checked at every decoding step: a cancelled run throws
    /// <see cref="OperationCanceledException"/> with its tensors disposed, and the model thread is free again.</param>
    public ShardResult Run(NokenRecipe recipe, long start, int count, Func<long, string>? nokenId = null, CancellationToken cancellation = default)
    {
        nokenId ??= index => $"{recipe.Strategy}:{recipe.Seed}:{index}";
        var clock = Stopwatch.StartNew();
        using var scope = torch.NewDisposeScope();
        var nokens = SamplerOf(recipe).SampleBatch(start, count);                          // [N, D]
        var metadata = NokenMetadata.Compute(nokens, start, _statistics, nearest: 1);
        var output = _generator.Run(new ShardRequest(nokens, _prompts.Select(p => p.Slot).ToList(), _spec.Decoding)
        {
            ControlTokenId = _spec.ControlTokenId, Injection = _spec.Injection ?? new NokenInjection(), Cancellation = cancellation,
        });
        var verdicts = Suite.Score(ShardObservations.Of(output, _prompts.Select(p => p.Context).ToList()));
        var grades = Grader.Grade(output.Pairs.Select(p => (p.Continuation.Text, output.Controls[p.PromptIndex].Text, p.PromptIndex)).ToList());
        var targets = _prompts.Any(p => p.Targets.Count > 0)
            ? ShardTargets.MeanLogProb(_loaded, _prompts, nokens, _spec.Injection ?? new NokenInjection(), _spec.ControlTokenId)
            : null;

        var parameters = JsonSerializer.Serialize(recipe.Parameters);
        var recipeJson = JsonSerializer.Serialize(recipe);
        var rows = new List<NokenRow>(output.Pairs.Count);
        var byLabel = new Dictionary<string, int>();
        var byDistance = new Dictionary<string, Dictionary<string, int>>();
        var fired = new Dictionary<string, Dictionary<string, int>>();
        var pairs = new Dictionary<string, int>();
        var byOutcome = new Dictionary<string, int>();
        var distinct = new Dictionary<string, HashSet<long>>();
        var perNoken = new List<PairResult>?[count];
        for (int i = 0; i < output.Pairs.Count; i++)
        {
            var (pair, verdict, grade) = (output.Pairs[i], verdicts[i], grades[i]);
            var prompt = _prompts[pair.PromptIndex];
            var meta = metadata[pair.NokenIndex];
            long index = start + pair.NokenIndex;
            double target = targets?[pair.NokenIndex][pair.PromptIndex] ?? double.NaN;
            rows.Add(new NokenRow
            {
                NokenId = nokenId(index),
                Strategy = recipe.Strategy, Parameters = parameters, Recipe = recipeJson, Seed = recipe.Seed, Index = index,
                Prompt = prompt.SpecName, Distance = prompt.Distance, TokensAfter = prompt.Slot.DistanceFromEnd, Position = prompt.Slot.PrefixIds.Length,
                Model = _spec.ModelName, ModelHash = ModelHash,
                Norm = meta.Norm, NearestToken = meta.Nearest[0].Id, NearestText = _loaded.Tokenizer.Decode([meta.Nearest[0].Id]),
                NearestCosine = meta.Nearest[0].Cosine,
                Continuation = pair.Continuation.Text, Control = output.Controls[pair.PromptIndex].Text,
                StoppedAtEos = pair.Continuation.StoppedAtEos,
                FirstStepKl = pair.Continuation.KlFromControl.FirstOrDefault(),
                TopLabel = verdict.TopLabel, UnwantedScore = verdict.UnwantedScore,
                Scores = JsonSerializer.Serialize(verdict.Scores.ToDictionary(s => s.Label, s => s.Score)),
                Evidence = JsonSerializer.Serialize(verdict.Scores.Where(s => s.Score > 0).ToDictionary(s => s.Label, s => s.Evidence)),
                Outcome = grade.Outcome, Planted = grade.Planted ?? "", ReferenceNll = grade.ReferenceNll, TargetLogProb = target,
            });
            byLabel[verdict.TopLabel] = byLabel.GetValueOrDefault(verdict.TopLabel) + 1;
            var distance = prompt.Distance.ToString(CultureInfo.InvariantCulture);
            if (!byDistance.TryGetValue(distance, out var d)) byDistance[distance] = d = [];
            d[verdict.TopLabel] = d.GetValueOrDefault(verdict.TopLabel) + 1;
            if (!fired.TryGetValue(prompt.Name, out var f)) fired[prompt.Name] = f = [];
            foreach (var label in Suite.Labels.Where(l => Suite.Fired(verdict, l))) f[label] = f.GetValueOrDefault(label) + 1;
            pairs[prompt.Name] = pairs.GetValueOrDefault(prompt.Name) + 1;
            byOutcome[grade.Outcome] = byOutcome.GetValueOrDefault(grade.Outcome) + 1;
            if (!distinct.TryGetValue(grade.Outcome, out var texts)) distinct[grade.Outcome] = texts = [];
            texts.Add(ReplyHash.Of(pair.Continuation.Text));
            (perNoken[pair.NokenIndex] ??= []).Add(new PairResult(grade.Outcome, verdict, target, pair.Continuation.Text));
        }
        var outcomes = perNoken.Select((p, i) => NokenObjective.Outcome(_spec.Objective, start + i, p!, Threshold)).ToList();
        var summary = new ShardSummary(recipe.Strategy, count, byLabel, byDistance, fired, pairs, clock.Elapsed.TotalSeconds)
        {
            Recipe = recipe, Start = start, Outcomes = outcomes, GeneratedTokens = output.Pairs.Sum(p => (long)p.Continuation.Ids.Length),
            Vectors = EliteCandidates(outcomes).Select(o => new NokenVector(o.Index, nokens[o.Index - start].to_type(torch.ScalarType.Float32).data<float>().ToArray())).ToList(),
            PairOutcomes = byOutcome, DistinctReplies = distinct.ToDictionary(kv => kv.Key, kv => kv.Value.Order().ToArray()),
        };
        return new ShardResult(rows, summary);
    }

    double Threshold => (_spec.Search ?? new CampaignSearch()).Threshold;

    /// <summary>Per label, the best <see cref="ElitesPerClass"/> nokens that did anything (score above 0): all that can
    /// enter a campaign's elite archive from this shard.</summary>
    IEnumerable<NokenOutcome> EliteCandidates(IReadOnlyList<NokenOutcome> outcomes) =>
        outcomes.Where(o => o.Score > 0).GroupBy(o => o.Label)
            .SelectMany(g => g.OrderByDescending(o => o.Score).ThenBy(o => o.Index).Take(ElitesPerClass));

    int ElitesPerClass => (_spec.Search ?? new CampaignSearch()).ElitesPerClass;

    INokenSampler SamplerOf(NokenRecipe recipe)
    {
        if (_samplers.TryGetValue(recipe, out var sampler)) return sampler;
        sampler = NokenSamplers.Create(recipe, _statistics, _loaded.Config);
        if (recipe.Strategy != NokenStrategies.Around) _samplers[recipe] = sampler;
        return sampler;
    }

    Dictionary<string, HashSet<string>> ControlBehaviour(CancellationToken cancellation)
    {
        using var none = torch.empty(0, _generator.HiddenSize);
        var output = _generator.Run(new ShardRequest(none, _prompts.Select(p => p.Slot).ToList(), _spec.Decoding)
            { ControlTokenId = _spec.ControlTokenId, Cancellation = cancellation });
        var verdicts = Suite.Score(_prompts.Select((p, i) => new BehaviourObservation(output.Controls[i], output.Controls[i], p.Context)).ToList());
        return _prompts.Select((p, i) => (p.Name, Fired: Suite.Labels.Where(l => Suite.Fired(verdicts[i], l)).ToHashSet()))
            .ToDictionary(x => x.Name, x => x.Fired);
    }

    public void Dispose()
    {
        Grader.Dispose();
        _statistics.Dispose();
    }
}
