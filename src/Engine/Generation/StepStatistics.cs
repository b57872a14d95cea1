using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Generation;

/// <summary>One decode step's per-row results, on the CPU.</summary>
internal sealed record StepResult(long[] ChosenIds, float[] ChosenLogProbs, float[]? Entropies, float[]? Divergences, TokenAlternatives[]? Top);

/// <summary>
/// Turns a step's logits into chosen tokens and their statistics. Rows are processed in chunks so that every
/// vocabulary-sized temporary (log-softmax, probabilities, sort) stays below glibc's mmap threshold and is reused
/// from the heap instead of page-faulted in fresh each step (see <see cref="NativeMemory"/>).
/// </summary>
internal static class StepStatistics
{
    public static StepResult Compute(Tensor logits, IReadOnlyList<long> rowKeys, int step, DecodingOptions options,
        Tensor? controlLogProbs, List<Tensor>? record)
    {
        long rows = logits.shape[0], vocab = logits.shape[1];
        int chunk = (int)Math.Max(1, NativeMemory.MmapThresholdBytes / (4 * vocab) - 1);
        bool tracked = step < options.TrackedSteps;
        var control = tracked && controlLogProbs is not null && step < controlLogProbs.shape[0] ? controlLogProbs[step] : null; // [V]
        var chosenIds = new long[rows];
        var chosenLogProbs = new float[rows];
        var entropies = tracked ? new float[rows] : null;
        var divergences = control is not null ? new float[rows] : null;
        int topK = (int)Math.Min(options.TopLogProbs, vocab);
        var top = topK > 0 ? new TokenAlternatives[rows] : null;

        for (long start = 0; start < rows; start += chunk)
        {
            using var scope = torch.NewDisposeScope();
            long count = Math.Min(chunk, rows - start);
            var logProbs = logits.narrow(0, start, count).log_softmax(-1);                          // [C, V]
            var keys = Enumerable.Range((int)start, (int)count).Select(i => rowKeys[i]).ToList();
            var chosen = TokenChooser.Choose(logProbs, keys, step, options);                          // [C]
            chosen.data<long>().CopyTo(chosenIds.AsSpan((int)start, (int)count));
            logProbs.gather(-1, chosen.unsqueeze(-1)).squeeze(-1).data<float>().CopyTo(chosenLogProbs.AsSpan((int)start, (int)count));
            if (entropies is not null)
                logProbs.exp().mul(logProbs).sum(-1).neg().data<float>().CopyTo(entropies.AsSpan((int)start, (int)count));
            if (divergences is not null)
                control!.exp().mul(control.sub(logProbs)).sum(-1).data<float>().CopyTo(divergences.AsSpan((int)start, (int)count));
            if (top is not null)
            {
                var (values, indices) = logProbs.topk(topK, dim: -1, largest: true, sorted: true); // [C, K]
                var (ids, logs) = (indices.data<long>().ToArray(), values.data<float>().ToArray());
                for (int i = 0; i < count; i++)
                {
                    var row = new Range(i * topK, (i + 1) * topK);
                    top[start + i] = new TokenAlternatives([.. ids[row].Select(id => (int)id)], logs[row]);
                }
            }
            if (tracked && start == 0) record?.Add(logProbs[0].clone().DetachFromDisposeScope());
        }
        control?.Dispose();
        return new StepResult(chosenIds, chosenLogProbs, entropies, divergences, top);
    }
}
