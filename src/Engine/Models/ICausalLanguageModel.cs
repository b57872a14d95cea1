using Orleans.Noken.Engine.Checkpoints;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

/// <summary>Which positions a forward pass turns into logits. Decoding needs only the last one, and the
/// vocabulary projection is the largest matmul of a small model, so the engine asks for just that.</summary>
public enum LogitsFor { AllPositions, LastPosition, None }

/// <summary>
/// A decoder-only language model whose forward pass takes input <em>embeddings</em> rather than ids, so that a
/// noken (an arbitrary vector) enters exactly as a token would. One instance is one model replica; its torch work
/// must stay on one thread (inference mode and dispose scopes are thread-local).
/// </summary>
public interface ICausalLanguageModel : IDisposable
{
    ModelConfig Config { get; }
    ScalarType ComputeDtype { get; }
    Device Device { get; }

    /// <summary>The input-embedding matrix in fp32 on the CPU, <c>[V, D]</c>, for noken samplers and statistics.</summary>
    Tensor EmbeddingMatrix { get; }

    /// <summary>Token ids <c>[B, T]</c> (int64) → input embeddings <c>[B, T, D]</c> in the compute dtype.</summary>
    Tensor Embed(Tensor ids);

    /// <summary>
    /// Runs <paramref name="embeddings"/> <c>[B, T, D]</c> after whatever <paramref name="cache"/> already holds
    /// (positions continue from <c>cache.Length</c>), appends their keys/values to the cache, and returns logits
    /// <c>[B, T or 1, V]</c> in fp32 (or an empty tensor for <see cref="LogitsFor.None"/>).
    /// Without a cache the sequence starts at position 0 and nothing is kept.
    /// </summary>
    Tensor Forward(Tensor embeddings, KvCache? cache = null, IResidualEdit? edit = null, LogitsFor logits = LogitsFor.AllPositions);

    /// <summary>An empty cache for <paramref name="batch"/> sequences of up to <paramref name="capacity"/> tokens.</summary>
    KvCache NewCache(int batch, int capacity);
}
