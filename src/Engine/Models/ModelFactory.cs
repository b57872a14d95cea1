using Orleans.Noken.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

public static class ModelFactory
{
    /// <summary>An uninitialised model of the config's family (weights to be loaded or initialised).</summary>
    public static CausalLanguageModel Create(ModelConfig config, ScalarType dtype, Device device) => config.Family switch
    {
        ModelFamily.Gpt2 => new Gpt2LMHeadModel(config, dtype, device),
        ModelFamily.Llama => new LlamaForCausalLM(config, dtype, device),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Family, "unknown model family"),
    };

    /// <summary>Hugging Face's <c>_init_weights</c>: matrices and embeddings N(0, initializer_range²), biases 0, norm
    /// scales 1. Seeded, so a generated checkpoint is the same on every run.</summary>
    public static void InitializeLikeHuggingFace(CausalLanguageModel model, long seed)
    {
        using var noGrad = no_grad();
        // A Scalar held for the loop: an implicit one is garbage once TorchSharp has read its handle, and its finalizer
        // could free it while libtorch still reads it.
        using Scalar one = 1.0;
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        foreach (var (name, parameter) in model.named_parameters())
        {
            bool isNorm = name.Contains("norm") || name.Contains(".ln_");
            if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.zero_();
            else if (isNorm) parameter.fill_(one);
            else parameter.normal_(0, model.Config.InitializerRange, generator);
        }
    }
}
