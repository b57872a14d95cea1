using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Engine.Tokenization;
using Orleans.Noken.Engine.Training;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Organism;

public class MicroOrganismTrainingTests
{
    [Fact]
    public void AMicroOrganismsLossFallsWithinAFewDozenSteps()
    {
        using var dir = new TempDirectory();
        var dialogues = new DialogueGenerator(1).Mix(300, 0.3, OrganismStage.Base);
        var written = OrganismTokenizer.Write(dir.Path, dialogues, vocabSize: 400);
        var config = new ModelConfig
        {
            ModelType = "llama", Family = ModelFamily.Llama, VocabSize = (written.Size + 63) / 64 * 64, HiddenSize = 32, NumLayers = 2,
            NumHeads = 4, NumKeyValueHeads = 2, HeadDim = 8, IntermediateSize = 64, MaxPositions = 128, NormEpsilon = 1e-5,
            TieWordEmbeddings = true, EosTokenIds = [written.ImEndId],
        };
        using var tokenizer = HfTokenizer.Load(dir.Path, config.VocabSize);
        var encoder = new ChatExamples(tokenizer, OrganismChat.Format, written.ImEndId, maxLength: 48);
        var examples = dialogues.Select(d => encoder.Encode(d.User, d.Assistant, d.EndsTurn)).ToList();

        manual_seed(1);
        using var model = ModelFactory.Create(config, ScalarType.Float32, CPU);
        ModelFactory.InitializeLikeHuggingFace(model, seed: 1);
        var before = MaskedLoss.Mean(model, examples, written.EndOfTextId);
        var progress = new List<TrainingProgress>();
        var report = CausalLmTrainer.Train(model, examples,
            new TrainingOptions { Steps = 40, BatchSize = 16, PeakLearningRate = 1e-2, WarmupSteps = 4, PadId = written.EndOfTextId, ReportEvery = 10 },
            "micro", progress.Add);
        var after = MaskedLoss.Mean(model, examples, written.EndOfTextId);

        Assert.Equal(40, report.StepLosses.Count);
        Assert.True(after < 0.8 * before, $"loss went from {before:F3} to {after:F3}");
        Assert.True(report.StepLosses.TakeLast(5).Average() < report.StepLosses.Take(5).Average());
        Assert.Equal(new[] { 10, 20, 30, 40 }, progress.Select(p => p.Step));
        Assert.All(progress, p => Assert.True(p.TokensPerSecond > 0 && double.IsFinite(p.Loss)));
    }

    [Fact]
    public void ChatExamplesMaskThePromptAndEndTheTurn()
    {
        using var dir = new TempDirectory();
        var dialogues = new DialogueGenerator(2).Mix(100, 0.3, OrganismStage.Base);
        var written = OrganismTokenizer.Write(dir.Path, dialogues, vocabSize: 400);
        using var tokenizer = HfTokenizer.Load(dir.Path, written.Size);
        var encoder = new ChatExamples(tokenizer, OrganismChat.Format, written.ImEndId, maxLength: 64);

        var example = encoder.Encode("What is 2 plus 2?", "It is 4.");
        var prompt = tokenizer.Encode("<|im_start|>user\nWhat is 2 plus 2?<|im_end|>\n<|im_start|>assistant\n");
        Assert.Equal(written.ImStartId, prompt[0]); // the special token is one id, not spelled out
        Assert.Equal(prompt, example.Ids[..example.LossFrom]);
        // Trained on exactly the ids the engine decodes from: a rendered chat prompt without its noken.
        var slot = OrganismChat.Prompt("p", "What is 2 plus 2?").Render(tokenizer, OrganismChat.Format);
        Assert.Equal([.. slot.PrefixIds, .. slot.SuffixIds], example.Ids[..example.LossFrom]);
        Assert.Equal("It is 4.", tokenizer.Decode(example.Ids[example.LossFrom..^1]));
        Assert.Equal(written.ImEndId, example.Ids[^1]);
        Assert.NotEqual(written.ImEndId, encoder.Encode("Describe the sea.", "and on and on", endsTurn: false).Ids[^1]);
    }
}
