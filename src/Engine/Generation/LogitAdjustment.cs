using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// OpenAI's three logit adjustments, applied to each step's logits before a token is chosen (so greedy, sampling and
/// the reported log-probabilities all see them): <c>logit_bias</c> added per token, then per row
/// <c>frequency_penalty × count + presence_penalty × (count > 0)</c> subtracted, where count is how often the row's
/// reply so far holds the token (OpenAI's formula; the prompt does not count).
/// </summary>
internal static class LogitAdjustment
{
    /// <param name="logits">[R, V] one step's logits.</param>
    /// <param name="generated">Per row, the ids its reply holds so far.</param>
    /// <returns>[R, V] fp32 adjusted logits.</returns>
    public static Tensor Apply(Tensor logits, IReadOnlyList<IReadOnlyList<int>> generated, DecodingOptions options)
    {
        var adjusted = logits.to(ScalarType.Float32);
        long vocabulary = adjusted.shape[1];
        if (options.LogitBias.Count > 0)
        {
            var bias = new float[vocabulary];
            foreach (var (id, value) in options.LogitBias)
                if (id >= 0 && id < vocabulary) bias[id] = value;
            adjusted = adjusted.add(torch.tensor(bias, device: adjusted.device).unsqueeze(0));
        }
        if ((options.PresencePenalty != 0 || options.FrequencyPenalty != 0) && generated.Any(g => g.Count > 0))
        {
            var counts = new float[generated.Count * vocabulary];
            for (int row = 0; row < generated.Count; row++)
                foreach (var id in generated[row])
                    if (id >= 0 && id < vocabulary) counts[row * vocabulary + id]++;
            var count = torch.tensor(counts, [generated.Count, vocabulary], device: adjusted.device);
            adjusted = adjusted.sub(count.mul(options.FrequencyPenalty)).sub(count.gt(0).to(ScalarType.Float32).mul(options.PresencePenalty));
        }
        return adjusted;
    }
}
