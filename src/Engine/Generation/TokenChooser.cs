using Orleans.Noken.Engine.Nokens;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Generation;

/// <summary>Picks each row's next token from its log-probabilities: greedy, or temperature + top-p sampling.</summary>
internal static class TokenChooser
{
    /// <param name="logProbs">[R, V] fp32 log-softmax of the logits.</param>
    /// <param name="rowKeys">A stable key per row (e.g. noken × prompt), for replayable sampling.</param>
    /// <returns>[R] int64 chosen ids.</returns>
    public static Tensor Choose(Tensor logProbs, IReadOnlyList<long> rowKeys, int step, DecodingOptions options)
    {
        if (options.Temperature == 0) return logProbs.argmax(-1);

        var probabilities = logProbs.div(options.Temperature).softmax(-1);            // [R, V]
        var (sorted, order) = probabilities.sort(-1, descending: true);
        var cumulative = sorted.cumsum(-1);
        // Nucleus: keep the smallest prefix whose mass reaches top-p (the first token always stays).
        var outside = cumulative.sub(sorted).ge(options.TopP);
        var kept = sorted.masked_fill(outside, 0);
        var keptCumulative = kept.cumsum(-1);                                          // [R, V]
        var total = keptCumulative.narrow(-1, keptCumulative.shape[1] - 1, 1);        // [R, 1]
        // One counter-based draw per (seed, row, step): the same whichever batch the row is in.
        var uniforms = torch.tensor(rowKeys.Select(k => (float)new CounterRandom(options.Seed, k, (ulong)step).NextDouble()).ToArray(), device: logProbs.device);
        var target = uniforms.unsqueeze(1).mul(total);                                  // [R, 1]
        var position = torch.searchsorted(keptCumulative, target, right: true).clamp_max(keptCumulative.shape[1] - 1);
        return order.gather(-1, position).squeeze(-1);
    }
}
