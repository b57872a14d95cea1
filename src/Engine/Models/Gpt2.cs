using Orleans.Noken.Engine.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

// GPT-2: learned positions, pre-LayerNorm blocks, Conv1D projections stored [in, out], gelu_new, tied head.
// A port of transformers' modeling_gpt2.py; field names are the Hugging Face parameter names.

/// <summary>GPT2LMHeadModel: <c>transformer</c> and, only when untied, <c>lm_head</c>.</summary>
public sealed class Gpt2LMHeadModel : CausalLanguageModel
{
    const string Prefix = "transformer.";
    readonly Gpt2Model transformer;
    readonly Linear? lm_head;

    public Gpt2LMHeadModel(ModelConfig config, ScalarType dtype, Device device) : base(nameof(Gpt2LMHeadModel), config, dtype, device)
    {
        transformer = new Gpt2Model(config, dtype, device);
        lm_head = config.TieWordEmbeddings ? null : nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, device, dtype);
        RegisterComponents();
    }

    protected override Tensor TokenEmbeddingWeight => transformer.wte.weight!;
    protected override Tensor OutputWeight => lm_head?.weight ?? transformer.wte.weight!;
    protected override string TokenEmbeddingName => Prefix + "wte.weight";
    protected override bool IsVocabularyParameter(string name) => base.IsVocabularyParameter(name) || name == Prefix + "wpe.weight";

    // The original GPT-2 checkpoints store the body without the "transformer." prefix; those saved from
    // GPT2LMHeadModel have it. Accept both.
    protected override IEnumerable<string> CheckpointNamesOf(string parameterName) =>
        parameterName.StartsWith(Prefix, StringComparison.Ordinal) ? [parameterName, parameterName[Prefix.Length..]] : [parameterName];

    protected override Tensor BeforeBlocks(Tensor embeddings, long past)
    {
        long t = embeddings.shape[1];
        if (past + t > Config.MaxPositions)
            throw new ArgumentException($"GPT-2 has {Config.MaxPositions} learned positions (n_positions); this sequence needs {past + t}");
        var positions = torch.arange(past, past + t, ScalarType.Int64, Device);
        return embeddings.add(transformer.wpe.call(positions), Scalars.One); // [B, T, D] + [T, D]
    }

    protected override Tensor Block(int layer, Tensor hidden, KvCache? cache, long past) =>
        transformer.h[layer].Forward(hidden, cache, layer, past);

    protected override Tensor FinalNorm(Tensor hidden) => transformer.ln_f.call(hidden);
}

public sealed class Gpt2Model : nn.Module
{
    internal readonly Embedding wte;
    internal readonly Embedding wpe;
    internal readonly ModuleList<Gpt2Block> h;
    internal readonly LayerNorm ln_f;

    public Gpt2Model(ModelConfig config, ScalarType dtype, Device device) : base(nameof(Gpt2Model))
    {
        wte = nn.Embedding(config.VocabSize, config.HiddenSize, device: device, dtype: dtype);
        wpe = nn.Embedding(config.MaxPositions, config.HiddenSize, device: device, dtype: dtype);
        h = nn.ModuleList(Enumerable.Range(0, config.NumLayers).Select(_ => new Gpt2Block(config, dtype, device)).ToArray());
        ln_f = nn.LayerNorm(config.HiddenSize, config.NormEpsilon, device: device, dtype: dtype);
        RegisterComponents();
    }
}

public sealed class Gpt2Block : nn.Module
{
    readonly LayerNorm ln_1;
    readonly Gpt2Attention attn;
    readonly LayerNorm ln_2;
    readonly Gpt2Mlp mlp;

    public Gpt2Block(ModelConfig config, ScalarType dtype, Device device) : base(nameof(Gpt2Block))
    {
        ln_1 = nn.LayerNorm(config.HiddenSize, config.NormEpsilon, device: device, dtype: dtype);
        attn = new Gpt2Attention(config, dtype, device);
        ln_2 = nn.LayerNorm(config.HiddenSize, config.NormEpsilon, device: device, dtype: dtype);
        mlp = new Gpt2Mlp(config, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, KvCache? cache, int layer, long past) // [B, T, D]
    {
        var attended = x.add(attn.Forward(ln_1.call(x), cache, layer, past), Scalars.One);
        return attended.add(mlp.call(ln_2.call(attended)), Scalars.One);
    }
}

public sealed class Gpt2Attention : nn.Module
{
    readonly Conv1D c_attn; // [D, 3D]: q, k, v side by side
    readonly Conv1D c_proj;
    readonly int _heads, _headDim;
    readonly bool _scaleByInverseLayer;

    public Gpt2Attention(ModelConfig config, ScalarType dtype, Device device) : base(nameof(Gpt2Attention))
    {
        (_heads, _headDim, _scaleByInverseLayer) = (config.NumHeads, config.HeadDim, config.ScaleAttentionByInverseLayer);
        c_attn = new Conv1D(config.HiddenSize, 3L * config.HiddenSize, dtype, device);
        c_proj = new Conv1D(config.HiddenSize, config.HiddenSize, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, KvCache? cache, int layer, long past) // [B, T, D]
    {
        long batch = x.shape[0], t = x.shape[1];
        var qkv = c_attn.call(x).view(batch, t, 3, _heads, _headDim).permute(2, 0, 3, 1, 4); // [3, B, H, T, hd]
        Tensor q = qkv[0], k = qkv[1], v = qkv[2];
        // SDPA already divides by √hd; the optional 1/(layer+1) factor goes onto q.
        if (_scaleByInverseLayer) q = q.div(layer + 1);
        if (cache is not null) (k, v) = cache.Append(layer, k, v);
        return c_proj.call(Attention.Causal(q, k, v, past));
    }
}

public sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>
{
    readonly Conv1D c_fc;
    readonly Conv1D c_proj;
    readonly Func<Tensor, Tensor> _activation;

    public Gpt2Mlp(ModelConfig config, ScalarType dtype, Device device) : base(nameof(Gpt2Mlp))
    {
        c_fc = new Conv1D(config.HiddenSize, config.IntermediateSize, dtype, device);
        c_proj = new Conv1D(config.IntermediateSize, config.HiddenSize, dtype, device);
        _activation = Activations.ByName(config.Activation);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => c_proj.call(_activation(c_fc.call(x)));
}
