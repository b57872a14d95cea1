using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>
/// A step's (noken × prompt) pairs as one batch: each row is the prompt with the noken in its slot followed by the
/// control's continuation (teacher-forced), padded on the right (a causal model's real positions never see the pads).
/// The loss reads each row's last K positions, the ones that predict the continuation.
/// </summary>
public static class HardeningBatch
{
    /// <summary>The mean KL(control ‖ model with the noken) per predicted position, with gradients.</summary>
    public static Tensor KlLoss(CausalLanguageModel model, IReadOnlyList<(float[] Noken, HardeningTarget Target)> pairs)
    {
        int d = model.Config.HiddenSize;
        var rows = new List<Tensor>(pairs.Count);
        var lengths = new int[pairs.Count];
        for (int b = 0; b < pairs.Count; b++)
        {
            var (noken, target) = pairs[b];
            if (noken.Length != d) throw new ArgumentException($"a noken has {noken.Length} dimensions; the model's hidden size is {d}");
            var slot = target.Slot;
            var before = Embed(model, slot.PrefixIds);                                      // [P, D]
            var vector = torch.tensor(noken, [1, d]).to(model.ComputeDtype, model.Device);  // [1, D]
            var after = Embed(model, [.. slot.SuffixIds, .. target.Continuation.SkipLast(1)]);
            rows.Add(torch.cat([before, vector, after], dim: 0));                          // [T_b, D]
            lengths[b] = (int)rows[b].shape[0];
        }
        int longest = lengths.Max();
        var padded = torch.stack(rows.Select(r => nn.functional.pad(r, [0, 0, 0, longest - r.shape[0]])).ToList()); // [B, T, D]
        var logits = model.ForwardWithGradients(padded);                                   // [B, T, V]

        // Each row's last K positions, gathered from the flattened [B·T, V] logits.
        var at = new List<long>();
        for (int b = 0; b < pairs.Count; b++)
        {
            int k = pairs[b].Target.Positions;
            for (int i = lengths[b] - k; i < lengths[b]; i++) at.Add((long)b * longest + i);
        }
        var predicted = logits.reshape(-1, logits.shape[2]).index_select(0, torch.tensor(at.ToArray(), device: model.Device))
            .log_softmax(-1);                                                              // [ΣK, V]
        var reference = torch.cat(pairs.Select(p => p.Target.Reference).ToList(), dim: 0).to(model.Device); // [ΣK, V]
        return nn.functional.kl_div(predicted, reference, reduction: nn.Reduction.Sum, log_target: true) / at.Count;
    }

    static Tensor Embed(CausalLanguageModel model, int[] ids) =>
        ids.Length == 0
            ? torch.empty([0, model.Config.HiddenSize], model.ComputeDtype, model.Device)
            : model.Embed(torch.tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length]))[0];
}
