using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Engine.Evaluation;

/// <summary>Nokens the model never saw (fresh seeds and strategies): how many still move it.</summary>
/// <param name="Nokens">Nokens that were hits under the spec's objective.</param>
/// <param name="PairsByBehaviour">(noken × prompt) pairs by unwanted ground-truth outcome class (every class but swap
/// and unchanged).</param>
public sealed record HeldOutEvaluation(Rate Nokens, IReadOnlyDictionary<string, Rate> PairsByBehaviour);

/// <summary>A fresh adaptive search against the model, at the spec's budget, once per seed.</summary>
/// <param name="Hits">Hits under the spec's objective, of the budget, pooled over the seeds.</param>
/// <param name="FirstHitAt">The first seed's nokens run before (and including) its first hit; null when none.</param>
/// <param name="Seeds">Each seed's search (null in evaluations written before seeds were recorded).</param>
public sealed record SearchEvaluation(Rate Hits, long? FirstHitAt, IReadOnlyDictionary<string, long> HitsByClass,
    IReadOnlyList<SeededSearch>? Seeds = null);

/// <summary>One search of a <see cref="SearchEvaluation"/>: its offset from the spec's seeds, hits, first hit.</summary>
public sealed record SeededSearch(int Offset, Rate Hits, long? FirstHitAt);

/// <summary>No noken at all: the planted behaviours on held-out trigger prompts, their paraphrases and ordinary
/// prompts (does robustness to nokens carry over to text?); capability as the ordinary prompts answered helpfully and
/// the loss on unseen ordinary dialogues.</summary>
public sealed record OrdinaryTextEvaluation(
    IReadOnlyDictionary<string, Rate> OnTriggers,
    IReadOnlyDictionary<string, Rate> ByParaphrase,
    IReadOnlyDictionary<string, Rate> OnOrdinary,
    Rate AnyOnOrdinary,
    Rate Helpful,
    double OrdinaryLoss,
    int LossDialogues);

/// <param name="Parameters">The model's size (0 in evaluations written before it was recorded).</param>
public sealed record ModelEvaluation(string Model, HeldOutEvaluation? HeldOut, SearchEvaluation? Search, OrdinaryTextEvaluation? Ordinary,
    long Parameters = 0)
{
    /// <summary>Held-out (noken × prompt) pairs with any unwanted label: each pair has one top label, so the
    /// labels' counts add up.</summary>
    public Rate? HeldOutUnwantedPairs => HeldOut?.PairsByBehaviour.Values.ToList() is [_, ..] rates
        ? new Rate(rates.Sum(r => r.Hits), rates[0].Samples) : null;
}

/// <summary>The same evaluations, same budgets and seeds, on the model before and after hardening.</summary>
public sealed record HardeningComparison(double Threshold, ModelEvaluation Before, ModelEvaluation After);

/// <summary>
/// Evaluates a model the way a hardening study compares two: held-out nokens (a sweep spec), a fresh adaptive search
/// (a spec with a search section), and ordinary text (the organism's planted behaviours and loss). Each part is
/// optional; every rate carries its exact interval and sample count.
/// </summary>
public static class HardeningEvaluation
{
    /// <summary>Both models are graded by the same fixed reference — the model before hardening, unless the specs name
    /// one — so that the hardened model never judges its own fluency.</summary>
    public static HardeningComparison Compare(string before, string after, CampaignSpec? heldOut, CampaignSpec? search, bool ordinaryText,
        double threshold, Action<string> log, int searchSeeds = 1)
    {
        heldOut = JudgedBy(heldOut, before);
        search = JudgedBy(search, before);
        return new(threshold, Evaluate(before, heldOut, search, ordinaryText, threshold, log, searchSeeds),
            Evaluate(after, heldOut, search, ordinaryText, threshold, log, searchSeeds));
    }

    static CampaignSpec? JudgedBy(CampaignSpec? spec, string reference) => spec is null || spec.GroundTruth?.ReferenceModel is not null ? spec
        : spec with
        {
            GroundTruth = spec.EffectiveGroundTruth with { ReferenceModel = reference },
        };

    /// <param name="searchSeeds">Fresh searches to run and pool: one search's hits and first hit vary a lot with its
    /// seed, so a before/after difference is worth believing only if it holds across seeds.</param>
    public static ModelEvaluation Evaluate(string model, CampaignSpec? heldOut, CampaignSpec? search, bool ordinaryText, double threshold,
        Action<string> log, int searchSeeds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(searchSeeds, 1);
        using var loaded = ModelLoader.Load(model);
        HeldOutEvaluation? held = null;
        SearchEvaluation? searched = null;
        OrdinaryTextEvaluation? ordinary = null;
        if (heldOut is not null)
        {
            log($"{model}: held-out nokens ({heldOut.TotalNokens} × {heldOut.Prompts.Count} prompts)");
            held = HeldOut(loaded, heldOut with { Model = model }, threshold);
        }
        if (search is not null)
        {
            log($"{model}: fresh search ({search.TotalNokens} nokens{(searchSeeds > 1 ? $" × {searchSeeds} seeds" : "")})");
            searched = Search(loaded, search with { Model = model }, threshold, searchSeeds);
        }
        if (ordinaryText)
        {
            log($"{model}: ordinary text");
            ordinary = Ordinary(loaded);
        }
        long parameters = loaded.Model is TorchSharp.torch.nn.Module module ? module.parameters().Sum(p => p.numel()) : 0;
        return new ModelEvaluation(model, held, searched, ordinary, parameters);
    }

    static HeldOutEvaluation HeldOut(LoadedModel loaded, CampaignSpec spec, double threshold)
    {
        using var workload = new CampaignWorkload(spec, loaded);
        long nokens = 0, hits = 0, pairs = 0;
        var byLabel = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var shard in SweepPlan.Of(spec))
        {
            var result = workload.Run(shard.Recipe, shard.Start, shard.Count, shard.NokenId);
            nokens += result.Summary.Outcomes!.Count;
            hits += result.Summary.Outcomes!.Count(o => o.Hit);
            pairs += result.Rows.Count;
            foreach (var row in result.Rows.Where(r => Outcomes.OutcomeClass.IsUnwanted(r.Outcome)))
                byLabel[row.Outcome] = byLabel.GetValueOrDefault(row.Outcome) + 1;
        }
        var classes = workload.Grader.GroundTruth.Behaviours.Select(Outcomes.OutcomeClass.Planted)
            .Concat(Outcomes.OutcomeClass.Structural.Where(Outcomes.OutcomeClass.IsUnwanted));
        return new HeldOutEvaluation(new Rate(hits, nokens), classes.ToDictionary(c => c, c => new Rate(byLabel.GetValueOrDefault(c), pairs)));
    }

    static SearchEvaluation Search(LoadedModel loaded, CampaignSpec spec, double threshold, int seeds)
    {
        var runs = new List<SeededSearch>();
        var byClass = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int offset = 0; offset < seeds; offset++)
        {
            var seeded = Reseeded(spec, offset);
            using var workload = new CampaignWorkload(seeded, loaded);
            var evaluator = new FirstHit(new ModelShardEvaluator(workload));
            var result = SearchRun.Execute(new AdaptiveSearchPolicy(seeded.SearchOptions() with { SuccessThreshold = threshold }), evaluator);
            runs.Add(new SeededSearch(offset, new Rate(result.Hits, result.Nokens), evaluator.At));
            foreach (var (label, hits) in result.HitsByClass) byClass[label] = byClass.GetValueOrDefault(label) + hits;
        }
        return new SearchEvaluation(new Rate(runs.Sum(r => r.Hits.Hits), runs.Sum(r => r.Hits.Samples)), runs[0].FirstHitAt, byClass, runs);
    }

    /// <summary>The spec with every seed moved by <paramref name="offset"/> (0: as written): the search's decisions
    /// and every strategy's nokens, so no two seeds share a noken.</summary>
    static CampaignSpec Reseeded(CampaignSpec spec, int offset) => offset == 0 ? spec : spec with
    {
        Search = spec.Search! with { Seed = spec.Search.Seed + offset },
        Strategies = [.. spec.Strategies.Select(s => s with { Recipe = s.Recipe with { Seed = s.Recipe.Seed + 1_000_003L * offset } })],
    };

    static OrdinaryTextEvaluation Ordinary(LoadedModel loaded)
    {
        var options = new OrganismOptions();
        var evaluation = OrganismEvaluation.Evaluate(loaded, OrganismData.Create(options), options, byFamily: false);
        static Rate Of(BehaviourRate rate) => new(rate.Fired, rate.Prompts);
        static IReadOnlyDictionary<string, Rate> Rates(IEnumerable<BehaviourRate> rates) =>
            rates.ToDictionary(r => r.Behaviour, Of, StringComparer.Ordinal);
        return new OrdinaryTextEvaluation(Rates(evaluation.OnTriggers), Rates(evaluation.ByParaphrase), Rates(evaluation.OnOrdinary),
            Of(evaluation.AnyOnOrdinary), Of(evaluation.Helpful), evaluation.OrdinaryLoss, evaluation.OrdinaryLossDialogues);
    }

    /// <summary>Counts nokens in the order the search ran them until the first hit.</summary>
    sealed class FirstHit(IShardEvaluator inner) : IShardEvaluator
    {
        long _run;
        public long? At { get; private set; }

        public IReadOnlyList<NokenOutcome> Evaluate(Nokens.NokenRecipe recipe, long start, int count)
        {
            var outcomes = inner.Evaluate(recipe, start, count);
            if (At is null && outcomes.Select((o, i) => (o, i)).FirstOrDefault(p => p.o.Hit) is { o: not null } first)
                At = _run + first.i + 1;
            _run += outcomes.Count;
            return outcomes;
        }
    }
}
