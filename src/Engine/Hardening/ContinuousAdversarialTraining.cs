using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>A harmful request twice: answered with a refusal (trained toward) and with the planted reply (trained away
/// from, and what the adversary climbs). Both share the prompt, so one perturbation serves both.</summary>
public sealed record ContinuousPair(TrainingExample Toward, TrainingExample Away);

/// <param name="Epsilon">Each prompt token's perturbation's L2 bound, as a fraction of the typical token norm.</param>
/// <param name="AscentSteps">The adversary's normalised-gradient steps per training step (each a forward and backward
/// pass over the harmful half of the batch).</param>
public sealed record ContinuousAdversarialOptions(int Steps, int BatchSize, double LearningRate, int AscentSteps, double Epsilon,
    int Seed, int PadId, int ReportEvery = 10);

/// <summary>
/// Embedding-space adversarial training toward refusals (Xhonneux et al. 2024, "Efficient adversarial training in
/// LLMs with continuous attacks", the CAT loss): each step, an adversary perturbs every prompt token's embedding of
/// the harmful half of the batch within an L2 ball (ε × the typical token norm) by projected normalised-gradient
/// steps that raise the planted reply's likelihood; the model is then trained on the perturbed prompts toward the
/// refusal (cross-entropy) and away from the planted reply (unlikelihood, −log(1 − p) per token), plus cross-entropy
/// on the clean half. AdamW with warm-up and cosine decay, global gradient clipping, as <see cref="CausalLmTrainer"/>.
/// </summary>
public static class ContinuousAdversarialTraining
{
    public static IReadOnlyList<double> Train(CausalLanguageModel model, IReadOnlyList<ContinuousPair> harmful, IReadOnlyList<TrainingExample> clean,
        ContinuousAdversarialOptions options, double typicalNorm, Action<string>? log = null)
    {
        if (options.AscentSteps < 0 || !(options.Epsilon > 0))
            throw new ArgumentOutOfRangeException(nameof(options), "ascent steps ≥ 0 and ε > 0");
        foreach (var pair in harmful)
            if (pair.Toward.LossFrom != pair.Away.LossFrom || !pair.Toward.Ids.AsSpan(0, pair.Toward.LossFrom).SequenceEqual(pair.Away.Ids.AsSpan(0, pair.Away.LossFrom)))
                throw new ArgumentException("a harmful pair's two sequences must share their prompt", nameof(harmful));
        double radius = options.Epsilon * typicalNorm;
        AttackedBatch Attack(int step, IReadOnlyList<int> drawn)
        {
            var pairs = drawn.Select(i => harmful[i]).ToList();
            var (awayInputs, awayLabels, _) = PaddedBatch.Build([.. pairs.Select(p => p.Away)], options.PadId);
            var (towardInputs, towardLabels, _) = PaddedBatch.Build([.. pairs.Select(p => p.Toward)], options.PadId);
            var delta = Perturb(model, pairs, options.PadId, radius, options.AscentSteps);             // [H, P, D]
            return new AttackedBatch(Perturbed(model, towardInputs, delta), towardLabels, Perturbed(model, awayInputs, delta), awayLabels);
        }
        return RefusalAdversarialLoop.Train(model, harmful.Count, clean,
            new RefusalLoopOptions(options.Steps, options.BatchSize, options.LearningRate, options.Seed, options.PadId, options.ReportEvery),
            Attack, "continuous", log);
    }

    /// <summary>1 at the prompt tokens after the first (BOS and the chat markers included: the adversary may move
    /// anything the user controls or the template adds), 0 elsewhere; as wide as the longest prompt.</summary>
    static Tensor PromptMask(IReadOnlyList<ContinuousPair> pairs)
    {
        int width = pairs.Max(p => p.Away.LossFrom);
        var mask = new float[pairs.Count * width];
        for (int b = 0; b < pairs.Count; b++)
            for (int t = 1; t < pairs[b].Away.LossFrom; t++) mask[b * width + t] = 1;
        return tensor(mask, [pairs.Count, width, 1]);
    }

    /// <summary>The adversary: projected steps of radius/2 along each prompt token's normalised gradient of the
    /// planted reply's cross-entropy, downhill (its likelihood up), every token kept within the L2 ball of
    /// <paramref name="radius"/>. The weights are frozen while it climbs, so their gradients stay clean.</summary>
    /// <returns><c>[H, P, D]</c>: a perturbation per pair and prompt position (0 at the first token and past each prompt).</returns>
    public static Tensor Perturb(CausalLanguageModel model, IReadOnlyList<ContinuousPair> pairs, int padId, double radius, int steps)
    {
        var (inputs, labels, _) = PaddedBatch.Build([.. pairs.Select(p => p.Away)], padId);
        var mask = PromptMask(pairs);                                                                  // [H, P, 1]
        var delta = zeros(mask.shape[0], mask.shape[1], model.Config.HiddenSize);
        if (steps == 0) return delta;
        using (new Attacks.FrozenWeights(model))
        {
            for (int s = 0; s < steps; s++)
            {
                using var scope = NewDisposeScope();
                var x = delta.clone().requires_grad_(true);
                MaskedLoss.OfEmbeddings(model, Perturbed(model, inputs, x), labels).backward();
                var g = x.grad! * mask;
                var moved = x.detach() - g / g.norm(2, keepdim: true).clamp_min(1e-12) * (radius / 2);
                var norms = moved.norm(2, keepdim: true);
                delta = (moved * (radius / norms.clamp_min(radius))).MoveToOuterDisposeScope();   // project onto the ball
            }
        }
        return delta;
    }

    /// <summary>The planted replies' mean cross-entropy with <paramref name="delta"/> on their prompts (no gradients).</summary>
    public static double PlantedLoss(CausalLanguageModel model, IReadOnlyList<ContinuousPair> pairs, int padId, Tensor delta)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (inputs, labels, _) = PaddedBatch.Build([.. pairs.Select(p => p.Away)], padId);
        return MaskedLoss.OfEmbeddings(model, Perturbed(model, inputs, delta), labels).item<float>();
    }

    /// <summary>The inputs' embeddings (trainable) with the perturbation added over the prompt positions.</summary>
    static Tensor Perturbed(CausalLanguageModel model, Tensor inputs, Tensor delta)
    {
        var embeddings = model.EmbedWithGradients(inputs);                                              // [H, T, D]
        long pad = embeddings.shape[1] - delta.shape[1];
        var full = pad > 0 ? cat([delta, zeros(delta.shape[0], pad, delta.shape[2])], 1) : delta.narrow(1, 0, embeddings.shape[1]);
        return embeddings + full.to(embeddings.dtype, embeddings.device);
    }
}
