using Orleans.Noken.Engine.Models;
using TorchSharp;

namespace Orleans.Noken.Client.Tests;

/// <summary>
/// A reply's log-probabilities the slow, independent way: one forward pass over the whole sequence (prompt and
/// reply, no KV cache, no sampler), then the log-softmax at each position before a reply token.
/// </summary>
public static class ModelScoring
{
    public static float[] LogProbsOf(LoadedModel loaded, IReadOnlyList<int> promptIds, IReadOnlyList<int> replyIds)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var ids = promptIds.Concat(replyIds).Select(i => (long)i).ToArray();
        var logits = loaded.Model.Forward(loaded.Model.Embed(torch.tensor(ids).unsqueeze(0)));      // [1, T, V]
        var logProbs = logits[0].to(torch.float64).log_softmax(-1);                                  // [T, V]
        return [.. replyIds.Select((id, k) => (float)logProbs[promptIds.Count - 1 + k, id].item<double>())];
    }
}
