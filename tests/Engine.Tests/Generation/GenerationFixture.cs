using Orleans.Noken.Engine.Benchmarks;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Generation;

/// <summary>Tiny generated checkpoints (with a real tokenizer) of both families, loaded through the public path.</summary>
public static class GenerationFixture
{
    public static ModelConfig Config(string family) => family switch
    {
        "gpt2" => TinyModels.Gpt2() with { VocabSize = 300, MaxPositions = 128 },
        "llama" => TinyModels.Llama() with { VocabSize = 300, MaxPositions = 128 },
        _ => throw new ArgumentException(family),
    };

    public static LoadedModel Load(string directory, string family, Func<ModelConfig, ModelConfig>? edit = null)
    {
        var config = Config(family);
        GeneratedCheckpoint.Write(directory, new GeneratedCheckpoint.Request(edit?.Invoke(config) ?? config, Seed: 99));
        return ModelLoader.Load(directory);
    }

    public static IReadOnlyList<PromptSlot> Prompts(LoadedModel loaded) =>
        PromptTemplate.Defaults.Select(t => t.Render(loaded.Tokenizer)).ToList();

    public static Tensor Nokens(LoadedModel loaded, int count, double scale = 1.0) =>
        torch.randn([count, loaded.Config.HiddenSize], generator: new torch.Generator(21)).mul(scale);
}
