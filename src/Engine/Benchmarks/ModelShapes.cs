using Orleans.Noken.Engine.Checkpoints;

namespace Orleans.Noken.Engine.Benchmarks;

/// <summary>Named architectures for randomly initialised checkpoints: benchmarks and tests of real shapes
/// without downloading real weights.</summary>
public static class ModelShapes
{
    public static readonly IReadOnlyDictionary<string, ModelConfig> All = new Dictionary<string, ModelConfig>
    {
        // GPT-2 small (124 M parameters), as in openai-community/gpt2's config.json.
        ["gpt2-small"] = new()
        {
            ModelType = "gpt2", Family = ModelFamily.Gpt2, VocabSize = 50257, HiddenSize = 768, NumLayers = 12, NumHeads = 12,
            NumKeyValueHeads = 12, HeadDim = 64, IntermediateSize = 3072, MaxPositions = 1024, NormEpsilon = 1e-5,
            TieWordEmbeddings = true, AttentionBias = true, OutputProjectionBias = true, MlpBias = true, Activation = "gelu_new",
            BosTokenId = 0, EosTokenIds = [0],
        },
        // The project's model organism (models/organism): a ~1.2 M-parameter Llama with grouped-query attention, small
        // enough that both training stages finish in minutes on two CPU cores. The trained checkpoint's vocabulary is
        // its tokenizer's size rounded up to 64.
        ["organism"] = new()
        {
            ModelType = "llama", Family = ModelFamily.Llama, VocabSize = 2048, HiddenSize = 128, NumLayers = 4, NumHeads = 4,
            NumKeyValueHeads = 2, HeadDim = 32, IntermediateSize = 512, MaxPositions = 512, NormEpsilon = 1e-5,
            RopeTheta = 10000, TieWordEmbeddings = true, Activation = "silu", BosTokenId = 1, EosTokenIds = [2],
        },
        // The organism's recipe at other sizes, for how every rate changes with model size (issue 6): half and one and
        // a half times as wide, half and one and a half times as deep.
        ["organism-small"] = new()
        {
            ModelType = "llama", Family = ModelFamily.Llama, VocabSize = 2048, HiddenSize = 64, NumLayers = 2, NumHeads = 2,
            NumKeyValueHeads = 1, HeadDim = 32, IntermediateSize = 256, MaxPositions = 512, NormEpsilon = 1e-5,
            RopeTheta = 10000, TieWordEmbeddings = true, Activation = "silu", BosTokenId = 1, EosTokenIds = [2],
        },
        ["organism-large"] = new()
        {
            ModelType = "llama", Family = ModelFamily.Llama, VocabSize = 2048, HiddenSize = 192, NumLayers = 6, NumHeads = 6,
            NumKeyValueHeads = 2, HeadDim = 32, IntermediateSize = 768, MaxPositions = 512, NormEpsilon = 1e-5,
            RopeTheta = 10000, TieWordEmbeddings = true, Activation = "silu", BosTokenId = 1, EosTokenIds = [2],
        },
        // SmolLM-135M's architecture (Llama family, GQA 9/3, tied).
        ["smollm-135m"] = new()
        {
            ModelType = "llama", Family = ModelFamily.Llama, VocabSize = 49152, HiddenSize = 576, NumLayers = 30, NumHeads = 9,
            NumKeyValueHeads = 3, HeadDim = 64, IntermediateSize = 1536, MaxPositions = 2048, NormEpsilon = 1e-5,
            RopeTheta = 10000, TieWordEmbeddings = true, Activation = "silu", BosTokenId = 1, EosTokenIds = [2],
        },
    };

    public static ModelConfig Get(string name) => All.TryGetValue(name, out var config)
        ? config
        : throw new ArgumentException($"unknown model shape '{name}' (known: {string.Join(", ", All.Keys)})", nameof(name));
}
