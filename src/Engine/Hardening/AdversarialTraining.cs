using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>One ascent during hardening: at which step, how many vectors, and the mean KL they started from and
/// reached (and the largest reached).</summary>
/// <param name="Probe">A measurement, not a round: the climb from the held-aside starting vectors (before training and
/// after it); its finds are never trained on.</param>
public sealed record AdversarialRound(int Step, int Vectors, double StartKl, double FoundKl, double MaxFoundKl, bool Probe = false);

/// <summary>
/// Adversarial training in the loop. Hardening on one search's nokens teaches the model those nokens and moves the
/// behaviour elsewhere in embedding space (a fresh search found more after it on two organism sizes of three), so
/// every few steps a <see cref="NokenAscent"/> searches again against the current weights and its finds join a
/// bounded pool that supplies a fixed share of each batch. Half of a round's starting vectors are pool members with
/// noise (continuing earlier climbs), half fresh nokens from the engine's random-direction and fitted-Gaussian
/// samplers (new regions). Progress is measured by a probe before and after training from held-aside starting vectors
/// drawn the same way from their own seeds: never trained on, so a falling probe KL means the model resists the search,
/// not that it memorised the starts. Deterministic for a seed.
/// </summary>
public sealed class AdversarialTraining
{
    /// <summary>A pool member's perturbation, relative to its norm (token-noise's convention).</summary>
    const double PerturbScale = 0.25;

    /// <summary>Offset of the fresh samplers' seeds: far from the small seeds campaign and held-out specs use, so the
    /// adversary never starts from a noken an evaluation will draw.</summary>
    const long FreshSeedBase = 1_000_003;

    /// <summary>The probe's fresh samplers are seeded this far from the rounds', so the two never share a noken.</summary>
    const long ProbeSeedOffset = 500_000;

    readonly CausalLanguageModel _model;
    readonly IReadOnlyList<HardeningTarget> _targets;
    readonly HardeningOptions _options;
    readonly NormShell _shell;
    readonly INokenSampler[] _fresh;
    readonly Random _random;
    readonly IReadOnlyList<float[]> _probeStarts;
    readonly List<float[]> _found = [];
    readonly List<AdversarialRound> _rounds = [];
    long _freshIndex;
    int _oldest;

    public AdversarialTraining(CausalLanguageModel model, EmbeddingStatistics statistics, IReadOnlyList<float[]> campaign,
        IReadOnlyList<HardeningTarget> targets, HardeningOptions options)
    {
        (_model, _targets, _options) = (model, targets, options);
        _shell = NormShell.Of(statistics);
        _fresh = FreshSamplers(statistics, FreshSeedBase + options.Seed);
        _random = new Random(options.Seed + 2);  // the pair order uses Seed, the dialogues Seed + 1
        _probeStarts = Starts(campaign, [], FreshSamplers(statistics, FreshSeedBase + ProbeSeedOffset + options.Seed), new Random(options.Seed + 3), 0);
    }

    INokenSampler[] FreshSamplers(EmbeddingStatistics statistics, long seed)
    {
        var none = new Dictionary<string, double>();
        return
        [
            NokenSamplers.Create(new NokenRecipe(NokenStrategies.RandomDirection, none, seed), statistics, _model.Config),
            NokenSamplers.Create(new NokenRecipe(NokenStrategies.GaussianDiag, none, seed), statistics, _model.Config),
        ];
    }

    public NormShell Shell => _shell;
    public IReadOnlyList<AdversarialRound> Rounds => _rounds;
    public int PoolSize => _found.Count;

    /// <summary>A round at training step <paramref name="step"/>: climb from fresh starts and keep the finds.</summary>
    public AdversarialRound Round(int step, IReadOnlyList<float[]> campaign)
    {
        var starts = Starts(campaign, _found, _fresh, _random, _freshIndex);
        _freshIndex += starts.Count - _options.AdversarialNokens / 2;
        var result = NokenAscent.Climb(_model, starts, _targets, _shell, _options.AscentSteps, _options.AscentStepSize);
        foreach (var vector in result.Vectors) Keep(vector);
        return Record(new AdversarialRound(step, starts.Count, result.MeanStartKl, result.MeanFoundKl, result.MaxFoundKl));
    }

    /// <summary>How far the climb from the held-aside starts gets on the weights as they are now: run before training
    /// and after it, the adversarial KL trend.</summary>
    public AdversarialRound Probe(int step)
    {
        var result = NokenAscent.Climb(_model, _probeStarts, _targets, _shell, _options.AscentSteps, _options.AscentStepSize);
        return Record(new AdversarialRound(step, _probeStarts.Count, result.MeanStartKl, result.MeanFoundKl, result.MaxFoundKl, Probe: true));
    }

    /// <summary><paramref name="count"/> (adversarial noken × prompt) pairs drawn uniformly from the pool.</summary>
    public List<(float[] Noken, HardeningTarget Target)> Pairs(int count)
    {
        if (_found.Count == 0) throw new InvalidOperationException("the adversarial pool is empty: run a round first");
        var pairs = new List<(float[], HardeningTarget)>(count);
        for (int i = 0; i < count; i++) pairs.Add((_found[_random.Next(_found.Count)], _targets[_random.Next(_targets.Count)]));
        return pairs;
    }

    AdversarialRound Record(AdversarialRound round)
    {
        _rounds.Add(round);
        return round;
    }

    /// <summary>Half pool members (campaign or earlier finds) with noise, half fresh nokens from
    /// <paramref name="fresh"/>, taken in turn from index <paramref name="freshIndex"/> on.</summary>
    List<float[]> Starts(IReadOnlyList<float[]> campaign, IReadOnlyList<float[]> found, INokenSampler[] fresh, Random random, long freshIndex)
    {
        int k = _options.AdversarialNokens, fromPool = k / 2;
        var starts = new List<float[]>(k);
        for (int i = 0; i < fromPool; i++)
        {
            int pick = random.Next(campaign.Count + found.Count);
            starts.Add(Perturbed(pick < campaign.Count ? campaign[pick] : found[pick - campaign.Count], random));
        }
        for (long index = freshIndex; starts.Count < k; index++) starts.Add(fresh[index % fresh.Length].Sample(index / fresh.Length));
        return starts;
    }

    static float[] Perturbed(float[] centre, Random random)
    {
        double norm = Math.Sqrt(centre.Sum(x => (double)x * x));
        double sigma = PerturbScale * norm / Math.Sqrt(centre.Length);
        var noisy = new float[centre.Length];
        for (int j = 0; j < noisy.Length; j++)
        {
            // Box–Muller: System.Random has no Gaussian, and a seeded Random replays the same draws.
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            noisy[j] = (float)(centre[j] + sigma * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }
        return noisy;
    }

    /// <summary>Into the pool; once full, a find replaces the oldest, so the pool follows the model as it changes.</summary>
    void Keep(float[] vector)
    {
        if (_found.Count < _options.AdversarialPool) { _found.Add(vector); return; }
        _found[_oldest] = vector;
        _oldest = (_oldest + 1) % _options.AdversarialPool;
    }
}
