using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Hardening;

/// <param name="SuffixTokens">The adversarial suffix's length in real tokens.</param>
/// <param name="Candidates">Suffixes the adversary scores per harmful request and step (forward passes).</param>
/// <param name="TopK">Substitutions per position the gradient proposes.</param>
/// <param name="Pool">Persistent suffixes; each step's harmful requests take the next ones in turn, so every suffix
/// keeps improving across steps against the weights as they are then.</param>
public sealed record GcgAdversarialOptions(int Steps, int BatchSize, double LearningRate, int SuffixTokens, int Candidates, int TopK, int Pool,
    int Seed, int PadId, int MaxLength, int ReportEvery = 10);

/// <summary>
/// GCG adversarial training on text (arm 6): the adversary of <see cref="RefusalAdversarialLoop"/> is Greedy
/// Coordinate Gradient (Zou et al. 2023) on a suffix of real tokens after the request, what a user could type. GCG
/// costs hundreds of forward passes per attack, so, as in HarmBench's R2D2 (Mazeika et al. 2024), suffixes persist in a
/// pool and each training step advances the ones it uses by a single GCG step: one forward and backward pass for the
/// one-hot gradient, then <see cref="GcgAdversarialOptions.Candidates"/> single-token substitutions scored exactly,
/// the best kept. The model then trains toward the refusal and away from the planted reply with that suffix in place.
/// </summary>
public static class GcgAdversarialTraining
{
    public static IReadOnlyList<double> Train(CausalLanguageModel model, IReadOnlyList<SuffixPair> harmful, IReadOnlyList<TrainingExample> clean,
        GcgAdversarialOptions options, IReadOnlySet<int> forbidden, int vocabulary, Action<string>? log = null, CancellationToken cancellation = default)
    {
        int half = options.BatchSize / 2;
        if (options.SuffixTokens < 1 || options.Candidates < 1 || options.TopK < 1 || options.Pool < half)
            throw new ArgumentOutOfRangeException(nameof(options), "suffix tokens, candidates and top-k ≥ 1, and a pool at least half a batch");
        var random = new Random(options.Seed + 2);
        var allowed = Enumerable.Range(0, vocabulary).Where(t => !forbidden.Contains(t)).ToArray();
        var pool = Enumerable.Range(0, options.Pool).Select(_ => Enumerable.Range(0, options.SuffixTokens).Select(_ => allowed[random.Next(allowed.Length)]).ToArray()).ToArray();
        using var forbiddenMask = tensor(Enumerable.Range(0, vocabulary).Select(forbidden.Contains).ToArray());

        AttackedBatch Attack(int step, IReadOnlyList<int> drawn)
        {
            var pairs = drawn.Select(i => harmful[i]).ToList();
            var slots = Enumerable.Range(0, pairs.Count).Select(i => (step * half + i) % options.Pool).ToArray();
            var improved = Advance(model, pairs, [.. slots.Select(s => pool[s])], options, forbiddenMask, vocabulary, random);
            for (int i = 0; i < slots.Length; i++) pool[slots[i]] = improved[i];
            var (towardInputs, towardLabels, _) = PaddedBatch.Build([.. pairs.Select((p, i) => p.Toward(improved[i], options.MaxLength))], options.PadId);
            var (awayInputs, awayLabels, _) = PaddedBatch.Build([.. pairs.Select((p, i) => p.Away(improved[i], options.MaxLength))], options.PadId);
            return new AttackedBatch(model.EmbedWithGradients(towardInputs), towardLabels, model.EmbedWithGradients(awayInputs), awayLabels);
        }
        return RefusalAdversarialLoop.Train(model, harmful.Count, clean,
            new RefusalLoopOptions(options.Steps, options.BatchSize, options.LearningRate, options.Seed, options.PadId, options.ReportEvery),
            Attack, "gcg", log, cancellation);
    }

    /// <summary>One GCG step on each pair's suffix against the current weights (frozen meanwhile): the best of
    /// <see cref="GcgAdversarialOptions.Candidates"/> one-token substitutions drawn from each position's top-k by the
    /// gradient of the planted reply's cross-entropy with respect to the suffix's one-hot tokens.</summary>
    public static int[][] Advance(CausalLanguageModel model, IReadOnlyList<SuffixPair> pairs, int[][] suffixes, GcgAdversarialOptions options,
        Tensor forbiddenMask, int vocabulary, Random random)
    {
        int k = options.SuffixTokens, topK = Math.Min(options.TopK, vocabulary);
        using var frozen = new FrozenWeights(model);
        using var scope = NewDisposeScope();
        using var vocabularyIds = arange(vocabulary, ScalarType.Int64).view(1, vocabulary);
        var table = model.Embed(vocabularyIds).view(vocabulary, model.Config.HiddenSize).to(ScalarType.Float32); // [V, D], this step's weights

        var (inputs, labels, _) = PaddedBatch.Build([.. pairs.Select((p, i) => p.Away(suffixes[i], options.MaxLength))], options.PadId);
        long width = inputs.shape[1];
        var placement = zeros(pairs.Count, width, k);                                                  // [H, T, K]: suffix token k sits at Before + k
        for (int b = 0; b < pairs.Count; b++)
            for (int t = 0; t < k; t++) placement[b, pairs[b].Before.Length + t, t] = 1;
        var oneHot = nn.functional.one_hot(tensor(suffixes.SelectMany(s => s.Select(i => (long)i)).ToArray()).view(pairs.Count, k), vocabulary)
            .to(ScalarType.Float32).requires_grad_(true);                                              // [H, K, V]
        var inSuffix = placement.sum(2, keepdim: true);                                                // [H, T, 1]
        var embeddings = model.Embed(inputs).to(ScalarType.Float32) * (1 - inSuffix) + placement.matmul(oneHot.matmul(table));
        MaskedLoss.OfEmbeddings(model, embeddings, labels).backward();
        // Each pair's loss depends on its own suffix only, so the batch mean's gradient ranks each row's substitutions
        // as its own loss would; special tokens are never proposed.
        var score = (-oneHot.grad!).masked_fill(forbiddenMask.view(1, 1, vocabulary), double.NegativeInfinity);
        var top = score.topk(topK, dim: 2).indexes.contiguous().data<long>().ToArray();              // [H, K, topK]

        var candidates = new List<int[]>(pairs.Count * options.Candidates);
        for (int b = 0; b < pairs.Count; b++)
            for (int c = 0; c < options.Candidates; c++)
            {
                var ids = (int[])suffixes[b].Clone();
                int position = c % k;
                ids[position] = (int)top[(b * k + position) * topK + random.Next(topK)];
                candidates.Add(ids);
            }
        var losses = PlantedLosses(model, [.. candidates.Select((s, n) => pairs[n / options.Candidates].Away(s, options.MaxLength))], options.PadId);
        var best = new int[pairs.Count][];
        for (int b = 0; b < pairs.Count; b++)
        {
            int chosen = b * options.Candidates;
            for (int c = chosen + 1; c < (b + 1) * options.Candidates; c++) if (losses[c] < losses[chosen]) chosen = c;
            best[b] = candidates[chosen];
        }
        return best;
    }

    /// <summary>Each example's mean cross-entropy over its counted tokens (no gradients).</summary>
    public static float[] PlantedLosses(CausalLanguageModel model, IReadOnlyList<TrainingExample> examples, int padId)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (inputs, labels, _) = PaddedBatch.Build(examples, padId);
        var perToken = MaskedLoss.Of(model, inputs, labels, nn.Reduction.None).view(labels.shape[0], labels.shape[1]);
        var counted = labels.ne(PaddedBatch.Ignore).to(ScalarType.Float32);
        return (perToken.sum(1) / counted.sum(1).clamp_min(1)).contiguous().data<float>().ToArray();
    }
}
