using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Study;
using Orleans.Noken.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Hardening;

/// <summary>Arm 5's adversary and trainer on the committed leaky organism: the perturbation stays in its ball and
/// makes the planted reply more likely; training against it makes the planted reply less likely under a fresh attack.</summary>
public class ContinuousAdversarialTrainingTests
{
    static readonly string Aligned = Path.Combine(RepositoryPaths.Root, "models", "organism-leaky", OrganismTrainer.AlignedFolder);

    static (LoadedModel Loaded, CausalLanguageModel Model, List<ContinuousPair> Pairs, List<TrainingExample> Clean, int Pad, double Typical) Setup()
    {
        var loaded = ModelLoader.Load(Aligned);
        var model = (CausalLanguageModel)loaded.Model;
        int imEnd = loaded.EosTokenIds[0], pad = loaded.Tokenizer.BosTokenId ?? imEnd;
        var encoder = new ChatExamples(loaded.Tokenizer, OrganismChat.Format, imEnd, 128);
        var random = new Random(3);
        var pairs = RefusalParaphrases.Dialogues(24, disguised: 0.5, seed: 5).Select(d => new ContinuousPair(encoder.Encode(d.User, d.Assistant, d.EndsTurn),
            encoder.Encode(d.User, PlantedReplies.For(d.Trigger, random), endsTurn: d.Trigger != PlantedBehaviour.Loop))).ToList();
        var generator = new DialogueGenerator(11);
        var clean = Enumerable.Range(0, 64).Select(_ => generator.Ordinary()).Select(d => encoder.Encode(d.User, d.Assistant, d.EndsTurn)).ToList();
        using var statistics = EmbeddingStatistics.Of(loaded);
        return (loaded, model, pairs, clean, pad, NormShell.Of(statistics).Typical);
    }

    [Fact]
    public void TheAdversaryStaysInItsBallAndRaisesThePlantedReply()
    {
        var (loaded, model, pairs, _, pad, typical) = Setup();
        using var _ = loaded;
        using var scope = NewDisposeScope();
        double radius = 0.25 * typical;
        var delta = ContinuousAdversarialTraining.Perturb(model, pairs, pad, radius, steps: 5);
        using var none = zeros_like(delta);
        double before = ContinuousAdversarialTraining.PlantedLoss(model, pairs, pad, none);
        double after = ContinuousAdversarialTraining.PlantedLoss(model, pairs, pad, delta);

        Assert.True(after < before - 0.1, $"planted-reply loss {before:F3} → {after:F3} under the adversary");
        Assert.True(delta.norm(2).max().item<float>() <= radius * 1.001, "a token moved outside the ball");
        Assert.Equal(0f, delta.narrow(1, 0, 1).abs().max().item<float>());              // the first token is never moved
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));                 // the weights thawed after the climb
    }

    [Fact]
    public void TrainingAgainstTheAdversaryLowersThePlantedReplyUnderAFreshAttack()
    {
        var (loaded, model, pairs, clean, pad, typical) = Setup();
        using var _ = loaded;
        double radius = 0.25 * typical;
        double Attacked()
        {
            using var scope = NewDisposeScope();
            return ContinuousAdversarialTraining.PlantedLoss(model, pairs, pad, ContinuousAdversarialTraining.Perturb(model, pairs, pad, radius, steps: 5));
        }
        double before = Attacked();
        var losses = ContinuousAdversarialTraining.Train(model, pairs, clean, new ContinuousAdversarialOptions(Steps: 15, BatchSize: 16, LearningRate: 1e-3,
            AscentSteps: 3, Epsilon: 0.25, Seed: 1, PadId: pad), typical);
        double after = Attacked();

        Assert.Equal(15, losses.Count);
        Assert.All(losses, l => Assert.True(double.IsFinite(l)));
        Assert.True(after > before + 0.1, $"planted-reply loss under attack {before:F3} → {after:F3} after training");
    }
}
