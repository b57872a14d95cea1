using Orleans.Noken.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

/// <summary>
/// What every decoder-only family shares: the forward flow around the blocks (residual edits, the final norm, the
/// vocabulary head, the KV cache bookkeeping) and loading weights by Hugging Face name. A family supplies its
/// blocks. Parameter names are the Hugging Face names, so <c>named_parameters()</c> is the checkpoint's index.
/// </summary>
public abstract class CausalLanguageModel : nn.Module, ICausalLanguageModel
{
    Tensor? _embeddingMatrix;

    protected CausalLanguageModel(string name, ModelConfig config, ScalarType dtype, Device device) : base(name)
    {
        Config = config;
        ComputeDtype = dtype;
        Device = device;
    }

    public ModelConfig Config { get; }
    public ScalarType ComputeDtype { get; }
    public Device Device { get; }

    public Tensor EmbeddingMatrix => _embeddingMatrix
        ?? throw new InvalidOperationException("weights are not loaded: call LoadWeights first");

    /// <summary>The input embedding table <c>[V, D]</c> (a parameter, in the compute dtype).</summary>
    protected abstract Tensor TokenEmbeddingWeight { get; }

    /// <summary>The output projection <c>[V, D]</c>: the embedding table itself when tied.</summary>
    protected abstract Tensor OutputWeight { get; }

    /// <summary>Hook before block 0, e.g. GPT-2's learned positions. <c>[B, T, D]</c> → <c>[B, T, D]</c>.</summary>
    protected virtual Tensor BeforeBlocks(Tensor embeddings, long past) => embeddings;

    protected abstract Tensor Block(int layer, Tensor hidden, KvCache? cache, long past);

    protected abstract Tensor FinalNorm(Tensor hidden);

    /// <summary>The checkpoint names a parameter may be stored under, most likely first.</summary>
    protected virtual IEnumerable<string> CheckpointNamesOf(string parameterName) => [parameterName];

    protected abstract string TokenEmbeddingName { get; }

    /// <summary>
    /// The parameters that fix the vocabulary's geometry: the input embedding table, the output head (the same
    /// tensor when tied) and learned position embeddings. Hardening leaves them as they are, so that the embedding
    /// statistics nokens are sampled from, and every real token, mean the same before and after.
    /// </summary>
    public IReadOnlySet<string> VocabularyParameterNames =>
        named_parameters().Select(p => p.name).Where(IsVocabularyParameter).ToHashSet(StringComparer.Ordinal);

    protected virtual bool IsVocabularyParameter(string name) =>
        name == TokenEmbeddingName || name.StartsWith("lm_head.", StringComparison.Ordinal);

    public Tensor Embed(Tensor ids)
    {
        if (ids.dtype != ScalarType.Int64) throw new ArgumentException($"token ids must be int64, got {ids.dtype}", nameof(ids));
        if (ids.dim() != 2) throw new ArgumentException($"token ids must be [B, T], got [{string.Join(", ", ids.shape)}]", nameof(ids));
        using var noGrad = torch.no_grad(); // not inference_mode: its tensors refuse in-place edits (a noken splice) afterwards
        using var flat = ids.to(Device).flatten();
        using var rows = TokenEmbeddingWeight.index_select(0, flat);
        return rows.view(ids.shape[0], ids.shape[1], Config.HiddenSize); // [B, T, D]
    }

    public Tensor Forward(Tensor embeddings, KvCache? cache = null, IResidualEdit? edit = null, LogitsFor logits = LogitsFor.AllPositions)
    {
        if (embeddings.dim() != 3 || embeddings.shape[2] != Config.HiddenSize)
            throw new ArgumentException(
                $"embeddings must be [B, T, {Config.HiddenSize}], got [{string.Join(", ", embeddings.shape)}]", nameof(embeddings));
        if (cache is not null && cache.Batch != embeddings.shape[0])
            throw new ArgumentException($"the KV cache holds {cache.Batch} sequences but the batch has {embeddings.shape[0]}", nameof(cache));
        if (edit is ResidualEdit one && (one.Layer < 0 || one.Layer > Config.NumLayers))
            throw new ArgumentOutOfRangeException(nameof(edit), one.Layer, $"residual edit layer must be in 0..{Config.NumLayers}");

        using var noGrad = torch.no_grad(); // not inference_mode: its tensors refuse in-place edits (a noken splice) afterwards
        using var scope = torch.NewDisposeScope();
        return Run(embeddings, cache, edit, logits).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same forward pass with autograd on, for training and for gradient search in embedding space:
    /// <c>[B, T, D]</c> embeddings (which may themselves require grad) → fp32 logits <c>[B, T, V]</c>. The caller owns
    /// the dispose scope, since the graph's intermediates must live until <c>backward()</c>.
    /// </summary>
    public Tensor ForwardWithGradients(Tensor embeddings, IResidualEdit? edit = null)
    {
        if (embeddings.dim() != 3 || embeddings.shape[2] != Config.HiddenSize)
            throw new ArgumentException(
                $"embeddings must be [B, T, {Config.HiddenSize}], got [{string.Join(", ", embeddings.shape)}]", nameof(embeddings));
        return Run(embeddings, null, edit, LogitsFor.AllPositions);
    }

    /// <summary>Token ids <c>[B, T]</c> → embeddings with autograd on (the table is a trainable parameter).</summary>
    public Tensor EmbedWithGradients(Tensor ids) =>
        TokenEmbeddingWeight.index_select(0, ids.to(Device).flatten()).view(ids.shape[0], ids.shape[1], Config.HiddenSize);

    Tensor Run(Tensor embeddings, KvCache? cache, IResidualEdit? edit, LogitsFor logits)
    {
        long past = cache?.Length ?? 0;
        var hidden = BeforeBlocks(embeddings.to(ComputeDtype, Device), past); // [B, T, D]
        for (int layer = 0; layer < Config.NumLayers; layer++)
        {
            if (edit is not null) hidden = edit.ApplyTo(hidden, layer, past);
            hidden = Block(layer, hidden, cache, past);
        }
        if (edit is not null) hidden = edit.ApplyTo(hidden, Config.NumLayers, past);
        cache?.Advance((int)embeddings.shape[1]);

        if (logits == LogitsFor.None) return torch.empty(0);
        if (logits == LogitsFor.LastPosition) hidden = hidden.narrow(1, hidden.shape[1] - 1, 1);
        var normed = FinalNorm(hidden);
        return nn.functional.linear(normed, OutputWeight).to(ScalarType.Float32); // [B, T|1, V]
    }

    public KvCache NewCache(int batch, int capacity) =>
        KvCache.Allocate(Config.NumLayers, batch, Config.NumKeyValueHeads, capacity, Config.HeadDim, ComputeDtype, Device);

    /// <summary>Fills every parameter from <paramref name="weights"/>, checking each shape against the config, and
    /// keeps an fp32 copy of the embedding matrix for the noken samplers (read from the checkpoint, not from the
    /// possibly-bf16 parameter, so it is exact).</summary>
    public void LoadWeights(IWeightSource weights)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            var stored = CheckpointNamesOf(name).FirstOrDefault(weights.Contains) ?? name;
            using var value = weights.Read(stored, parameter.shape, ComputeDtype);
            parameter.copy_(value);
        }
        var embeddingName = CheckpointNamesOf(TokenEmbeddingName).FirstOrDefault(weights.Contains) ?? TokenEmbeddingName;
        _embeddingMatrix?.Dispose();
        _embeddingMatrix = weights.Read(embeddingName, [Config.VocabSize, Config.HiddenSize], ScalarType.Float32).DetachFromDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _embeddingMatrix?.Dispose();
        base.Dispose(disposing);
    }
}
