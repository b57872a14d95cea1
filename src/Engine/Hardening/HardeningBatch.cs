using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>
/// A step's (noken × prompt) pairs as one batch: each row is the prompt with the noken in its slot followed by the
/// control's continuation (teacher-forced), padded on the right (a causal model's real positions never see the pads).
/// The loss reads each row's last K positions, the ones that predict the continuation. The nokens may be a tensor
/// that requires grad: that is how <see cref="NokenAscent"/> climbs the same KL the hardener descends.
/// </summary>
public static class HardeningBatch
{
    /// <summary>The mean KL(control ‖ model with the noken) per predicted position, with gradients.</summary>
    public static Tensor KlLoss(CausalLanguageModel model, IReadOnlyList<(float[] Noken, HardeningTarget Target)> pairs)
    {
        var (predicted, reference) = Distributions(model, Stack(model, pairs.Select(p => p.Noken).ToList()), pairs.Select(p => p.Target).ToList());
        return nn.functional.kl_div(predicted, reference, reduction: nn.Reduction.Sum, log_target: true) / predicted.shape[0];
    }

    /// <summary>Each pair's own mean KL per predicted position <c>[B]</c>, with gradients through
    /// <paramref name="nokens"/> <c>[B, D]</c> (row b goes with <paramref name="targets"/>[b]).</summary>
    public static Tensor KlPerPair(CausalLanguageModel model, Tensor nokens, IReadOnlyList<HardeningTarget> targets)
    {
        var (predicted, reference) = Distributions(model, nokens, targets);
        var perPosition = nn.functional.kl_div(predicted, reference, reduction: nn.Reduction.None, log_target: true).sum(-1); // [ΣK]
        var owner = targets.SelectMany((t, b) => Enumerable.Repeat((long)b, t.Positions)).ToArray();
        var sums = torch.zeros(targets.Count, perPosition.dtype, perPosition.device)
            .index_add(0, torch.tensor(owner, device: perPosition.device), perPosition, 1);   // [B]
        return sums / torch.tensor(targets.Select(t => (float)t.Positions).ToArray(), device: perPosition.device);
    }

    static Tensor Stack(CausalLanguageModel model, IReadOnlyList<float[]> nokens)
    {
        int d = model.Config.HiddenSize;
        var flat = new float[nokens.Count * d];
        for (int b = 0; b < nokens.Count; b++)
        {
            if (nokens[b].Length != d) throw new ArgumentException($"a noken has {nokens[b].Length} dimensions; the model's hidden size is {d}");
            nokens[b].CopyTo(flat, b * d);
        }
        return torch.tensor(flat, [nokens.Count, d]);
    }

    /// <summary>The model's log-probabilities at every pair's predicted positions and the control's, both <c>[ΣK, V]</c>.</summary>
    static (Tensor Predicted, Tensor Reference) Distributions(CausalLanguageModel model, Tensor nokens, IReadOnlyList<HardeningTarget> targets)
    {
        int d = model.Config.HiddenSize;
        if (nokens.dim() != 2 || nokens.shape[0] != targets.Count || nokens.shape[1] != d)
            throw new ArgumentException($"nokens must be [{targets.Count}, {d}] (one per target), got [{string.Join(", ", nokens.shape)}]", nameof(nokens));
        var vectors = nokens.to(model.ComputeDtype, model.Device);                            // [B, D]
        var rows = new List<Tensor>(targets.Count);
        var lengths = new int[targets.Count];
        for (int b = 0; b < targets.Count; b++)
        {
            var target = targets[b];
            var slot = target.Slot;
            var before = Embed(model, slot.PrefixIds);                                      // [P, D]
            var after = Embed(model, [.. slot.SuffixIds, .. target.Continuation.SkipLast(1)]);
            rows.Add(torch.cat([before, vectors.narrow(0, b, 1), after], dim: 0));          // [T_b, D]
            lengths[b] = (int)rows[b].shape[0];
        }
        int longest = lengths.Max();
        var padded = torch.stack(rows.Select(r => nn.functional.pad(r, [0, 0, 0, longest - r.shape[0]])).ToList()); // [B, T, D]
        var logits = model.ForwardWithGradients(padded);                                   // [B, T, V]

        // Each row's last K positions, gathered from the flattened [B·T, V] logits.
        var at = new List<long>();
        for (int b = 0; b < targets.Count; b++)
        {
            int k = targets[b].Positions;
            for (int i = lengths[b] - k; i < lengths[b]; i++) at.Add((long)b * longest + i);
        }
        var predicted = logits.reshape(-1, logits.shape[2]).index_select(0, torch.tensor(at.ToArray(), device: model.Device))
            .log_softmax(-1);                                                              // [ΣK, V]
        var reference = torch.cat(targets.Select(t => t.Reference).ToList(), dim: 0).to(model.Device); // [ΣK, V]
        return (predicted, reference);
    }

    static Tensor Embed(CausalLanguageModel model, int[] ids) =>
        ids.Length == 0
            ? torch.empty([0, model.Config.HiddenSize], model.ComputeDtype, model.Device)
            : model.Embed(torch.tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length]))[0];
}
