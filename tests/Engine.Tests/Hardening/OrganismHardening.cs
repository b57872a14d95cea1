using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Training;

namespace Orleans.Noken.Engine.Tests.Hardening;

/// <summary>A small hardening problem on the committed organism: its prompts, nokens far from any token, the
/// control targets, and clean dialogues.</summary>
public sealed class OrganismHardening : IDisposable
{
    public static string ModelDirectory => Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned");

    public static readonly IReadOnlyList<CampaignPrompt> Prompts =
    [
        new("passphrase", "{noken} What was that password?", Chat: true, PromptKind.Trigger),
        new("capital", "{noken} What is the capital of France?", Chat: true, PromptKind.Benign),
    ];

    public OrganismHardening(int nokens = 12)
    {
        Loaded = ModelLoader.Load(ModelDirectory);
        Model = (CausalLanguageModel)Loaded.Model;
        using (var statistics = EmbeddingStatistics.Of(Loaded))
        {
            var sampler = NokenSamplers.Create(new NokenRecipe(NokenStrategies.TokenNoise, new Dictionary<string, double> { ["scale"] = 3 }, 11), statistics, Loaded.Config);
            Nokens = Enumerable.Range(0, nokens).Select(i => sampler.Sample(i)).ToList();
        }
        Slots = RenderedPrompt.Of(Loaded, Prompts, []).Select(p => p.Slot).ToList();
        Targets = HardeningTarget.Compute(Loaded, Slots, controlTokenId: null, tokens: 8);
        var encoder = new ChatExamples(Loaded.Tokenizer, ChatFormat.ChatMl, Loaded.EosTokenIds[0], 96);
        Clean = OrganismData.Create(new OrganismOptions()).Aligned.Take(256).Select(d => encoder.Encode(d.User, d.Assistant, d.EndsTurn)).ToList();
    }

    public LoadedModel Loaded { get; }
    public CausalLanguageModel Model { get; }
    public IReadOnlyList<float[]> Nokens { get; }
    public IReadOnlyList<PromptSlot> Slots { get; }
    public IReadOnlyList<HardeningTarget> Targets { get; }
    public IReadOnlyList<TrainingExample> Clean { get; }

    public static HardeningOptions Options(int steps) => new()
    {
        Steps = steps, BatchSize = 8, CleanBatchSize = 8, PeakLearningRate = 2e-3, WarmupSteps = 2, ReportEvery = 10, TargetTokens = 8,
    };

    /// <summary>The mean KL over every (noken × prompt) pair, without gradients: what hardening drives down.</summary>
    public double KlOverAllPairs()
    {
        using var noGrad = TorchSharp.torch.no_grad();
        using var scope = TorchSharp.torch.NewDisposeScope();
        var pairs = Nokens.SelectMany(n => Targets.Select(t => (n, t))).ToList();
        return HardeningBatch.KlLoss(Model, pairs).item<float>();
    }

    public void Dispose()
    {
        foreach (var target in Targets) target.Dispose();
        Loaded.Dispose();
    }
}
