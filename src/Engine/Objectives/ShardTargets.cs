using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Objectives;

/// <summary>
/// A shard's target likelihoods: for every (noken × prompt) pair whose prompt has targets, the best target's mean
/// per-token log-probability (<see cref="TargetLikelihood.BestOf"/>), teacher-forced, no gradients. Nokens go in
/// row chunks bounded by a logits budget (rows × length × vocabulary), as the fluency scorer does, so a large
/// vocabulary cannot blow up memory. A residual-stream injection is honoured: the slot holds the control token and
/// the noken enters at its layer, exactly as the sweep decodes it. Must run on the model replica's thread.
/// </summary>
public static class ShardTargets
{
    /// <returns><c>[noken][prompt]</c>; NaN where the prompt has no target.</returns>
    public static double[][] MeanLogProb(LoadedModel loaded, IReadOnlyList<RenderedPrompt> prompts, Tensor nokens,
        NokenInjection injection, int? controlTokenId, long logitsBudget = 1L << 25)
    {
        int n = (int)nokens.shape[0], d = loaded.Config.HiddenSize;
        var result = Enumerable.Range(0, n).Select(_ => Enumerable.Repeat(double.NaN, prompts.Count).ToArray()).ToArray();
        using var noGrad = torch.no_grad();
        for (int p = 0; p < prompts.Count; p++)
        {
            var prompt = prompts[p];
            if (prompt.Targets.Count == 0) continue;
            long length = prompt.Slot.Length + prompt.Targets.Max(t => t.Length);
            int chunk = (int)Math.Clamp(logitsBudget / (length * loaded.Config.VocabSize), 1, n);
            for (int start = 0; start < n; start += chunk)
            {
                using var scope = torch.NewDisposeScope();
                int rows = Math.Min(chunk, n - start);
                var vectors = nokens.narrow(0, start, rows).to(ScalarType.Float32);         // [R, D]
                Tensor slot;
                ResidualEdit? edit = null;
                if (injection.IsInputSplice) slot = vectors.view(rows, 1, d);
                else
                {
                    using var control = torch.tensor(new long[] { controlTokenId!.Value }, [1, 1]);
                    slot = loaded.Model.Embed(control).to(ScalarType.Float32).expand(rows, 1, d);
                    edit = new ResidualEdit(injection.Layer, prompt.Slot.PrefixIds.Length,
                        vectors, injection.Mode);
                }
                var scores = TargetLikelihood.BestOf(loaded.Model, prompt.Slot, slot, prompt.Targets, edit: edit)
                    .to(ScalarType.Float64, CPU).data<double>().ToArray();
                for (int r = 0; r < rows; r++) result[start + r][p] = scores[r];
            }
        }
        return result;
    }
}
