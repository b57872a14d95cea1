using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Models;

/// <summary>Tiny configurations of every family and the randomisation the equivalence tests need.</summary>
public static class TinyModels
{
    public static ModelConfig Gpt2(bool tied = true) => new()
    {
        ModelType = "gpt2", Family = ModelFamily.Gpt2, VocabSize = 97, HiddenSize = 32, NumLayers = 2, NumHeads = 4,
        NumKeyValueHeads = 4, HeadDim = 8, IntermediateSize = 128, MaxPositions = 64, NormEpsilon = 1e-5,
        TieWordEmbeddings = tied, AttentionBias = true, OutputProjectionBias = true, MlpBias = true, Activation = "gelu_new",
        InitializerRange = 0.2,
    };

    public static ModelConfig Llama(bool tied = false) => new()
    {
        ModelType = "llama", Family = ModelFamily.Llama, VocabSize = 101, HiddenSize = 32, NumLayers = 2, NumHeads = 4,
        NumKeyValueHeads = 2, HeadDim = 8, IntermediateSize = 64, MaxPositions = 64, NormEpsilon = 1e-6,
        RopeTheta = 10000, TieWordEmbeddings = tied, Activation = "silu", InitializerRange = 0.2,
    };

    public static ModelConfig Qwen2() => Llama() with
    {
        ModelType = "qwen2", AttentionBias = true, OutputProjectionBias = false, RopeTheta = 1000000, TieWordEmbeddings = true,
    };

    public static ModelConfig LlamaWithBiasesAndLlama3Rope() => Llama() with
    {
        AttentionBias = true, OutputProjectionBias = true, MlpBias = true, HeadDim = 16, NumHeads = 4, NumKeyValueHeads = 1,
        RopeScaling = new RopeScaling("llama3", 8.0, 1.0, 4.0, 16),
    };

    public static ModelConfig Mistral() => Llama() with { ModelType = "mistral", NumKeyValueHeads = 1 };

    public static IEnumerable<object[]> AllFamilies() =>
    [
        ["gpt2"], ["gpt2-untied"], ["llama"], ["llama-tied"], ["qwen2"], ["llama-bias-llama3"], ["mistral"],
    ];

    public static ModelConfig Named(string name) => name switch
    {
        "gpt2" => Gpt2(),
        "gpt2-untied" => Gpt2(tied: false),
        "llama" => Llama(),
        "llama-tied" => Llama(tied: true),
        "qwen2" => Qwen2(),
        "llama-bias-llama3" => LlamaWithBiasesAndLlama3Rope(),
        "mistral" => Mistral(),
        _ => throw new ArgumentException(name),
    };

    /// <summary>A model with every parameter random, norm scales and biases included, so that a mistake in any of
    /// them shows in the logits (Hugging Face's init leaves biases 0 and scales 1, which would hide such bugs).</summary>
    public static CausalLanguageModel Create(ModelConfig config, long seed = 5, ScalarType dtype = ScalarType.Float32)
    {
        var model = ModelFactory.Create(config, dtype, CPU);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        // Scalars held for the whole loop: an implicit one (`.add(1.0)`) is garbage as soon as TorchSharp has read its
        // handle, so its finalizer can free it while libtorch still reads it (seen once in CI as a native toFloat error).
        using Scalar spread = 0.2, one = 1.0, range = config.InitializerRange;
        using var generator = new torch.Generator((ulong)seed);
        foreach (var (name, parameter) in model.named_parameters())
        {
            bool isNorm = name.Contains("norm") || name.Contains(".ln_");
            if (isNorm) parameter.copy_(torch.randn(parameter.shape, generator: generator).mul(spread).add(one));
            else parameter.copy_(torch.randn(parameter.shape, generator: generator).mul(range));
        }
        return model;
    }

    /// <summary>Saves then loads through the public checkpoint path (the model's fp32 embedding matrix included).</summary>
    public static CausalLanguageModel RoundTrip(CausalLanguageModel model, string directory, ScalarType storeDtype = ScalarType.Float32,
        ScalarType computeDtype = ScalarType.Float32, long? maxShardBytes = null)
    {
        CheckpointWriter.Save(model, directory, storeDtype, maxShardBytes);
        var config = ModelConfig.Load(Path.Combine(directory, "config.json"));
        var loaded = ModelFactory.Create(config, computeDtype, CPU);
        using var weights = CheckpointWeights.Open(directory);
        loaded.LoadWeights(weights);
        return loaded;
    }

    public static Tensor Ids(params long[] ids) => torch.tensor(ids).unsqueeze(0); // [1, T]

    public static double MaxAbsDifference(Tensor a, Tensor b) => a.sub(b).abs().max().item<float>();
}
