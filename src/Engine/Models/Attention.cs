using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Orleans.Noken.Engine.Models;

/// <summary>Causal scaled-dot-product attention over a KV cache, shared by every family.</summary>
internal static class Attention
{
    /// <summary>
    /// <paramref name="q"/> <c>[B, H, T, hd]</c> attends to <paramref name="k"/>/<paramref name="v"/>
    /// <c>[B, Hkv, past + T, hd]</c>. Grouped-query attention folds the query heads that share a KV head into the
    /// query-length axis (<c>[B, Hkv, rep·T, hd]</c>) instead of copying K and V <c>rep</c> times, which is what
    /// Hugging Face's <c>repeat_kv</c> computes, without the copies. Returns <c>[B, T, H·hd]</c>.
    /// </summary>
    public static Tensor Causal(Tensor q, Tensor k, Tensor v, long past)
    {
        long batch = q.shape[0], heads = q.shape[1], t = q.shape[2], headDim = q.shape[3];
        long kvHeads = k.shape[1], keyLength = k.shape[2];
        long rep = heads / kvHeads;

        // Called inside the model's per-forward dispose scope: intermediates are freed with it.
        var grouped = q.reshape(batch, kvHeads, rep * t, headDim);
        var mask = t == 1 ? null : CausalMask(t, past, keyLength, rep, q.device);
        var attended = F.scaled_dot_product_attention(grouped, k, v, mask); // [B, Hkv, rep·T, hd]
        return attended.view(batch, heads, t, headDim).transpose(1, 2).reshape(batch, t, heads * headDim);
    }

    /// <summary>True where query row i (absolute position past + i) may see key j ≤ past + i; rows repeat per group.</summary>
    static Tensor CausalMask(long t, long past, long keyLength, long rep, Device device)
    {
        var rows = torch.arange(past, past + t, device: device).unsqueeze(1);  // [T, 1]
        var cols = torch.arange(0, keyLength, device: device).unsqueeze(0);    // [1, L]
        return cols.le(rows).repeat(rep, 1);                                   // [rep·T, L]
    }
}
