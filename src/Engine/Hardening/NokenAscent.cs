using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>What one ascent found: the vectors (the best iterate of each), and each one's KL at its start and at the end.</summary>
/// <param name="StartKl">Each starting vector's KL (after projection onto the shell), averaged over the prompts.</param>
/// <param name="FoundKl">Each returned vector's KL the same way; never below its start (the best iterate is kept).</param>
public sealed record AscentResult(IReadOnlyList<float[]> Vectors, IReadOnlyList<double> StartKl, IReadOnlyList<double> FoundKl)
{
    public double MeanStartKl => StartKl.Average();
    public double MeanFoundKl => FoundKl.Average();
    public double MaxFoundKl => FoundKl.Max();
}

/// <summary>
/// Projected gradient ascent in embedding space against the model as it is now: from each starting vector, climb the
/// KL the hardener minimises (<see cref="HardeningBatch.KlPerPair"/>, averaged over the prompts) with normalised
/// steps of <c>stepSize</c> × the typical token norm, projecting onto the <see cref="NormShell"/> after every step.
/// Only the nokens carry gradients: every parameter's <c>requires_grad</c> is switched off for the climb and restored
/// afterwards, so the weights and their gradients are untouched. One thread, one dispose scope per step.
/// </summary>
public static class NokenAscent
{
    public static AscentResult Climb(CausalLanguageModel model, IReadOnlyList<float[]> starts, IReadOnlyList<HardeningTarget> targets,
        NormShell shell, int steps, double stepSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 0);
        if (!(stepSize > 0) || double.IsInfinity(stepSize))
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "the ascent's step size must be positive and finite");
        if (starts.Count == 0) throw new ArgumentException("no starting vectors to climb from", nameof(starts));
        if (targets.Count == 0) throw new ArgumentException("no prompts to climb on", nameof(targets));
        int k = starts.Count, p = targets.Count, d = model.Config.HiddenSize;
        foreach (var start in starts)
            if (start.Length != d) throw new ArgumentException($"a starting vector has {start.Length} dimensions; the model's hidden size is {d}", nameof(starts));

        // Pair (noken i, prompt j) is row i·P + j.
        var pairTargets = Enumerable.Range(0, k * p).Select(r => targets[r % p]).ToList();
        using var rowOwner = torch.arange(k, ScalarType.Int64).repeat_interleave(p);         // [K·P]

        using (new Attacks.FrozenWeights(model))
        {
            float[] current;
            using (var scope = torch.NewDisposeScope())
                current = shell.Project(torch.tensor(starts.SelectMany(s => s).ToArray(), [k, d])).data<float>().ToArray();
            var best = (float[])current.Clone();
            double[] bestKl = new double[k], startKl = new double[k];

            for (int step = 0; step <= steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                var x = torch.tensor(current, [k, d]).requires_grad_(true);                 // [K, D]
                var perNoken = HardeningBatch.KlPerPair(model, x.index_select(0, rowOwner), pairTargets)
                    .view(k, p).mean([1L]);                                                   // [K]
                var kl = perNoken.detach().to(ScalarType.Float64, CPU).data<double>().ToArray();
                for (int i = 0; i < k; i++)
                {
                    if (step == 0) startKl[i] = bestKl[i] = kl[i];
                    else if (kl[i] > bestKl[i])
                    {
                        bestKl[i] = kl[i];
                        Array.Copy(current, i * d, best, i * d, d);
                    }
                }
                if (step == steps) break;                                                     // the last iterate is scored, not moved

                perNoken.sum().backward();
                var gradient = x.grad!.to(ScalarType.Float32, CPU);                           // [K, D]
                var direction = gradient / gradient.norm(1, keepdim: true).clamp_min(1e-12);
                var moved = shell.Project(x.detach() + direction * (stepSize * shell.Typical));
                current = moved.contiguous().data<float>().ToArray();
            }
            var vectors = Enumerable.Range(0, k).Select(i => best.AsSpan(i * d, d).ToArray()).ToList();
            return new AscentResult(vectors, startKl, bestKl);
        }
    }
}
