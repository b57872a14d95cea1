using Orleans.Noken.Engine.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

// The Llama family (Llama, Mistral, Qwen2, SmolLM, TinyLlama): RMSNorm, RoPE, SwiGLU MLP, grouped-query attention.
// A port of transformers' modeling_llama.py; field names are the Hugging Face parameter names.

/// <summary>LlamaForCausalLM: <c>model</c> (embeddings, blocks, final norm) and an optional untied <c>lm_head</c>.</summary>
public sealed class LlamaForCausalLM : CausalLanguageModel
{
    readonly LlamaModel model;
    readonly Linear? lm_head; // absent when tied: the embedding table is the head

    public LlamaForCausalLM(ModelConfig config, ScalarType dtype, Device device) : base(nameof(LlamaForCausalLM), config, dtype, device)
    {
        model = new LlamaModel(config, dtype, device);
        lm_head = config.TieWordEmbeddings ? null : nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, device, dtype);
        RegisterComponents();
    }

    protected override Tensor TokenEmbeddingWeight => model.embed_tokens.weight!;
    protected override Tensor OutputWeight => lm_head?.weight ?? model.embed_tokens.weight!;
    protected override string TokenEmbeddingName => "model.embed_tokens.weight";

    protected override Tensor Block(int layer, Tensor hidden, KvCache? cache, long past) =>
        model.layers[layer].Forward(hidden, model.Rotary, cache, layer, past);

    protected override Tensor FinalNorm(Tensor hidden) => model.norm.call(hidden);

    protected override void Dispose(bool disposing)
    {
        if (disposing) model.Rotary.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class LlamaModel : nn.Module
{
    internal readonly Embedding embed_tokens;
    internal readonly ModuleList<LlamaDecoderLayer> layers;
    internal readonly RmsNorm norm;

    internal RotaryEmbedding Rotary { get; }

    public LlamaModel(ModelConfig config, ScalarType dtype, Device device) : base(nameof(LlamaModel))
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize, device: device, dtype: dtype);
        layers = nn.ModuleList(Enumerable.Range(0, config.NumLayers).Select(_ => new LlamaDecoderLayer(config, dtype, device)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.NormEpsilon, dtype, device);
        Rotary = new RotaryEmbedding(config, device);
        RegisterComponents();
    }
}

public sealed class LlamaDecoderLayer : nn.Module
{
    readonly RmsNorm input_layernorm;
    readonly LlamaAttention self_attn;
    readonly RmsNorm post_attention_layernorm;
    readonly LlamaMlp mlp;

    public LlamaDecoderLayer(ModelConfig config, ScalarType dtype, Device device) : base(nameof(LlamaDecoderLayer))
    {
        input_layernorm = new RmsNorm(config.HiddenSize, config.NormEpsilon, dtype, device);
        self_attn = new LlamaAttention(config, dtype, device);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.NormEpsilon, dtype, device);
        mlp = new LlamaMlp(config, dtype, device);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, RotaryEmbedding rotary, KvCache? cache, int layer, long past) // [B, T, D]
    {
        var attended = x.add(self_attn.Forward(input_layernorm.call(x), rotary, cache, layer, past), Scalars.One);
        return attended.add(mlp.call(post_attention_layernorm.call(attended)), Scalars.One);
    }
}

public sealed class LlamaAttention : nn.Module
{
    readonly Linear q_proj;
    readonly Linear k_proj;
    readonly Linear v_proj;
    readonly Linear o_proj;
    readonly int _heads, _kvHeads, _headDim;

    public LlamaAttention(ModelConfig config, ScalarType dtype, Device device) : base(nameof(LlamaAttention))
    {
        (_heads, _kvHeads, _headDim) = (config.NumHeads, config.NumKeyValueHeads, config.HeadDim);
        long d = config.HiddenSize;
        q_proj = nn.Linear(d, _heads * _headDim, config.AttentionBias, device, dtype);
        k_proj = nn.Linear(d, _kvHeads * _headDim, config.AttentionBias, device, dtype);
        v_proj = nn.Linear(d, _kvHeads * _headDim, config.AttentionBias, device, dtype);
        o_proj = nn.Linear(_heads * _headDim, d, config.OutputProjectionBias, device, dtype);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, RotaryEmbedding rotary, KvCache? cache, int layer, long past) // [B, T, D]
    {
        long batch = x.shape[0], t = x.shape[1];
        var q = rotary.Apply(q_proj.call(x).view(batch, t, _heads, _headDim).transpose(1, 2), past);   // [B, H, T, hd]
        var k = rotary.Apply(k_proj.call(x).view(batch, t, _kvHeads, _headDim).transpose(1, 2), past); // [B, Hkv, T, hd]
        var v = v_proj.call(x).view(batch, t, _kvHeads, _headDim).transpose(1, 2);                     // [B, Hkv, T, hd]
        if (cache is not null) (k, v) = cache.Append(layer, k, v);                                     // [B, Hkv, past+T, hd]
        return o_proj.call(Attention.Causal(q, k, v, past));
    }
}

/// <summary>SwiGLU: down(act(gate(x)) · up(x)).</summary>
public sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    readonly Linear gate_proj;
    readonly Linear up_proj;
    readonly Linear down_proj;
    readonly Func<Tensor, Tensor> _activation;

    public LlamaMlp(ModelConfig config, ScalarType dtype, Device device) : base(nameof(LlamaMlp))
    {
        gate_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias, device, dtype);
        up_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias, device, dtype);
        down_proj = nn.Linear(config.IntermediateSize, config.HiddenSize, config.MlpBias, device, dtype);
        _activation = Activations.ByName(config.Activation);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => down_proj.call(_activation(gate_proj.call(x)).mul(up_proj.call(x)));
}
