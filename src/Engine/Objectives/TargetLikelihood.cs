using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Objectives;

/// <summary>
/// How likely the model makes a target reply once the prompt carries something in its noken slot: the target is
/// teacher-forced after <c>prefix · slot · suffix</c> and each target token's log-probability read where it is
/// predicted. The mean per token is the continuous objective of a search (partial credit long before greedy decoding
/// says the target) and the loss of the embedding and text attacks, which is why both go through this one function.
/// The slot may hold K vectors (several nokens side by side, or K real tokens' embeddings for a text attack).
/// </summary>
public static class TargetLikelihood
{
    /// <summary>Per row, the mean log-probability per token of <paramref name="target"/>: <c>[B]</c> fp32.</summary>
    /// <param name="slot"><c>[B, K, D]</c>: what fills the noken slot in each row. With
    /// <paramref name="withGradients"/> it may require grad; the graph lives in the caller's dispose scope.</param>
    /// <param name="edit">A residual-stream injection (the slot then holds the control token's embedding).</param>
    public static Tensor MeanLogProb(ICausalLanguageModel model, PromptSlot prompt, Tensor slot, int[] target,
        bool withGradients = false, ResidualEdit? edit = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (target.Length == 0) throw new ArgumentException("the target reply has no tokens", nameof(target));
        int d = model.Config.HiddenSize;
        if (slot.dim() != 3 || slot.shape[2] != d || slot.shape[1] < 1)
            throw new ArgumentException($"the slot must be [B, K ≥ 1, {d}], got [{string.Join(", ", slot.shape)}]", nameof(slot));
        int rows = (int)slot.shape[0], k = (int)slot.shape[1];
        int length = prompt.PrefixIds.Length + k + prompt.SuffixIds.Length + target.Length - 1;
        if (length > model.Config.MaxPositions)
            throw new ArgumentException($"prompt '{prompt.Name}' with its slot and target is {length} tokens; the model's context is {model.Config.MaxPositions}");

        var before = Embed(model, prompt.PrefixIds, rows);                                   // [B, P, D]
        var after = Embed(model, [.. prompt.SuffixIds, .. target[..^1]], rows);               // [B, S + L − 1, D]
        var input = torch.cat([before, slot.to(model.ComputeDtype, model.Device), after], dim: 1); // [B, T, D]
        Tensor logits;
        if (withGradients)
            logits = (model as CausalLanguageModel ?? throw new ArgumentException("gradients need the engine's own model classes", nameof(model)))
                .ForwardWithGradients(input, edit);                                           // [B, T, V]
        else
            logits = model.Forward(input, edit: edit);                                        // [B, T, V]

        // Position p predicts token p + 1: the target's first token is predicted at the suffix's last position.
        int first = prompt.PrefixIds.Length + k + prompt.SuffixIds.Length - 1;
        var predicted = logits.narrow(1, first, target.Length).log_softmax(-1);               // [B, L, V]
        var ids = torch.tensor(target.Select(t => (long)t).ToArray(), device: predicted.device)
            .view(1, target.Length, 1).expand(rows, -1, -1);                                 // [B, L, 1]
        return predicted.gather(2, ids).squeeze(-1).mean([1L]);                               // [B]
    }

    /// <summary>The best (highest) mean log-probability over several target phrasings: <c>[B]</c>.</summary>
    public static Tensor BestOf(ICausalLanguageModel model, PromptSlot prompt, Tensor slot, IReadOnlyList<int[]> targets,
        bool withGradients = false, ResidualEdit? edit = null)
    {
        if (targets.Count == 0) throw new ArgumentException("no target replies", nameof(targets));
        var each = targets.Select(t => MeanLogProb(model, prompt, slot, t, withGradients, edit)).ToList();
        return each.Count == 1 ? each[0] : torch.stack(each).max(0).values;
    }

    static Tensor Embed(ICausalLanguageModel model, int[] ids, int rows)
    {
        if (ids.Length == 0) return torch.empty([rows, 0, model.Config.HiddenSize], model.ComputeDtype, model.Device);
        using var tensor = torch.tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length]);
        return model.Embed(tensor).expand(rows, -1, -1);                                      // [B, T, D]
    }
}
