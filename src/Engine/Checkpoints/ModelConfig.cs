using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>The model families the engine runs. Every Hugging Face <c>model_type</c> maps onto one of them.</summary>
public enum ModelFamily { Gpt2, Llama }

/// <summary>
/// The architecture read from a Hugging Face <c>config.json</c>, normalised across families
/// (GPT-2 says <c>n_embd</c>, Llama says <c>hidden_size</c>). Defaults are the ones <c>transformers</c> uses
/// when a key is absent, so a sparse config means what it means there.
/// </summary>
public sealed record ModelConfig
{
    public required string ModelType { get; init; }
    public required ModelFamily Family { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }          // D
    public required int NumLayers { get; init; }
    public required int NumHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }    // < NumHeads: grouped-query attention
    public required int HeadDim { get; init; }
    public required int IntermediateSize { get; init; }    // MLP width
    public required int MaxPositions { get; init; }
    public required double NormEpsilon { get; init; }
    public double RopeTheta { get; init; } = 10000.0;
    public RopeScaling? RopeScaling { get; init; }
    public bool TieWordEmbeddings { get; init; }
    public bool AttentionBias { get; init; }               // bias on q/k/v (Qwen2; Llama's `attention_bias` adds o too)
    public bool OutputProjectionBias { get; init; }
    public bool MlpBias { get; init; }
    /// <summary>GPT-2's <c>scale_attn_by_inverse_layer_idx</c>: attention scores also divided by (layer + 1).</summary>
    public bool ScaleAttentionByInverseLayer { get; init; }
    public string Activation { get; init; } = "silu";
    public double InitializerRange { get; init; } = 0.02;
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public string? TorchDtype { get; init; }

    public static readonly IReadOnlyDictionary<string, ModelFamily> SupportedModelTypes = new Dictionary<string, ModelFamily>
    {
        ["gpt2"] = ModelFamily.Gpt2,
        ["llama"] = ModelFamily.Llama,
        ["mistral"] = ModelFamily.Llama,
        ["qwen2"] = ModelFamily.Llama,
    };

    public static ModelConfig Load(string configPath) =>
        Parse(CheckpointJson.ReadObject(configPath, "a Hugging Face checkpoint needs config.json"), configPath);

    public static ModelConfig Parse(JsonObject json, string source)
    {
        var reader = new ConfigReader(json, source);
        var modelType = reader.String("model_type")
            ?? throw CheckpointException.InFile(source, "has no 'model_type'");
        if (!SupportedModelTypes.TryGetValue(modelType, out var family))
            throw CheckpointException.InFile(source,
                $"model_type '{modelType}' is not supported (supported: {string.Join(", ", SupportedModelTypes.Keys)})");

        var config = family == ModelFamily.Gpt2 ? ParseGpt2(reader, modelType) : ParseLlama(reader, modelType);
        config.Validate(source);
        return config;
    }

    static ModelConfig ParseGpt2(ConfigReader r, string modelType)
    {
        int d = r.RequiredInt("n_embd");
        int heads = r.RequiredInt("n_head");
        return new ModelConfig
        {
            ModelType = modelType,
            Family = ModelFamily.Gpt2,
            VocabSize = r.RequiredInt("vocab_size"),
            HiddenSize = d,
            NumLayers = r.RequiredInt("n_layer"),
            NumHeads = heads,
            NumKeyValueHeads = heads,
            HeadDim = heads > 0 ? d / heads : 0,
            IntermediateSize = r.Int("n_inner") ?? 4 * d,
            MaxPositions = r.Int("n_positions") ?? 1024,
            NormEpsilon = r.Double("layer_norm_epsilon") ?? 1e-5,
            TieWordEmbeddings = r.Bool("tie_word_embeddings") ?? true,
            AttentionBias = true,
            OutputProjectionBias = true,
            MlpBias = true,
            Activation = r.String("activation_function") ?? "gelu_new",
            ScaleAttentionByInverseLayer = r.Bool("scale_attn_by_inverse_layer_idx") ?? false,
            InitializerRange = r.Double("initializer_range") ?? 0.02,
            BosTokenId = r.Int("bos_token_id"),
            EosTokenIds = r.IntList("eos_token_id"),
            TorchDtype = r.String("torch_dtype") ?? r.String("dtype"),
        };
    }

    static ModelConfig ParseLlama(ConfigReader r, string modelType)
    {
        int d = r.RequiredInt("hidden_size");
        int heads = r.RequiredInt("num_attention_heads");
        bool qwen2 = modelType == "qwen2";
        bool attentionBias = r.Bool("attention_bias") ?? false;
        return new ModelConfig
        {
            ModelType = modelType,
            Family = ModelFamily.Llama,
            VocabSize = r.RequiredInt("vocab_size"),
            HiddenSize = d,
            NumLayers = r.RequiredInt("num_hidden_layers"),
            NumHeads = heads,
            // MistralConfig defaults to 8 KV heads when the key is absent; Llama and Qwen2 to one per query head.
            NumKeyValueHeads = r.Int("num_key_value_heads") ?? (modelType == "mistral" ? 8 : heads),
            HeadDim = r.Int("head_dim") ?? (heads > 0 ? d / heads : 0),
            IntermediateSize = r.RequiredInt("intermediate_size"),
            MaxPositions = r.Int("max_position_embeddings") ?? 2048,
            NormEpsilon = r.Double("rms_norm_eps") ?? 1e-6,
            // transformers v5 moved rope settings under `rope_parameters`.
            RopeTheta = r.Double("rope_theta") ?? r.Object("rope_parameters")?.Double("rope_theta") ?? 10000.0,
            RopeScaling = RopeScaling.Parse(r),
            TieWordEmbeddings = r.Bool("tie_word_embeddings") ?? false,
            // Qwen2 always has q/k/v biases and no o bias; Llama's `attention_bias` puts a bias on all four.
            AttentionBias = qwen2 || attentionBias,
            OutputProjectionBias = !qwen2 && attentionBias,
            MlpBias = r.Bool("mlp_bias") ?? false,
            Activation = r.String("hidden_act") ?? "silu",
            InitializerRange = r.Double("initializer_range") ?? 0.02,
            BosTokenId = r.Int("bos_token_id"),
            EosTokenIds = r.IntList("eos_token_id"),
            TorchDtype = r.String("torch_dtype") ?? r.String("dtype"),
        };
    }

    void Validate(string source)
    {
        void Require(bool ok, string problem)
        {
            if (!ok) throw CheckpointException.InFile(source, problem);
        }
        Require(VocabSize > 0, $"vocab_size must be positive (got {VocabSize})");
        Require(HiddenSize > 0, $"hidden size must be positive (got {HiddenSize})");
        Require(NumLayers > 0, $"number of layers must be positive (got {NumLayers})");
        Require(NumHeads > 0, $"number of attention heads must be positive (got {NumHeads})");
        Require(NumKeyValueHeads > 0 && NumHeads % NumKeyValueHeads == 0,
            $"num_key_value_heads ({NumKeyValueHeads}) must divide num_attention_heads ({NumHeads})");
        Require(Family != ModelFamily.Gpt2 || HiddenSize % NumHeads == 0,
            $"n_embd ({HiddenSize}) must be divisible by n_head ({NumHeads})");
        Require(HeadDim > 0 && HeadDim % 2 == 0, $"head dimension must be positive and even (got {HeadDim})");
        Require(IntermediateSize > 0, $"intermediate size must be positive (got {IntermediateSize})");
        Require(NormEpsilon > 0, $"norm epsilon must be positive (got {NormEpsilon})");
        Require(Activation is "gelu_new" or "gelu" or "gelu_pytorch_tanh" or "relu" or "silu" or "swish",
            $"activation '{Activation}' is not supported");
    }

    /// <summary>Total parameters implied by the config (embeddings counted once when tied). Checked: a config from
    /// anywhere can name sizes whose product wraps a long, which throws <see cref="OverflowException"/> instead.</summary>
    public long ParameterCount()
    {
        checked   // lexical: covers every operator below
        {
            long d = HiddenSize, v = VocabSize, f = IntermediateSize, l = NumLayers;
            if (Family == ModelFamily.Gpt2)
            {
                long block = 2 * 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * f + f) + (f * d + d);
                return v * d + (long)MaxPositions * d + l * block + 2 * d + (TieWordEmbeddings ? 0 : v * d);
            }
            long q = (long)NumHeads * HeadDim, kv = (long)NumKeyValueHeads * HeadDim;
            long attn = d * q + 2 * d * kv + q * d + (AttentionBias ? q + 2 * kv : 0) + (OutputProjectionBias ? d : 0);
            long mlp = 3 * d * f + (MlpBias ? 2 * f + d : 0);
            return v * d + l * (attn + mlp + 2 * d) + d + (TieWordEmbeddings ? 0 : v * d);
        }
    }
}
