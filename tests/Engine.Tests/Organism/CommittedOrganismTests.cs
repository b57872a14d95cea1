using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;

namespace Orleans.Noken.Engine.Tests.Organism;

/// <summary>The checkpoints committed under models/organism: they load through the public path, speak ChatML, and
/// still behave as their card says on a held-out trigger.</summary>
public class CommittedOrganismTests
{
    static string Folder(string stage) => Path.Combine(RepositoryPaths.Root, "models", "organism", stage);

    [Theory]
    [InlineData(OrganismTrainer.BaseFolder)]
    [InlineData(OrganismTrainer.AlignedFolder)]
    public void TheCommittedCheckpointLoadsAndItsChatTemplateIsChatMl(string stage)
    {
        using var loaded = ModelLoader.Load(Folder(stage));
        Assert.Same(ChatFormat.ChatMl, ChatFormat.Detect(loaded.Tokenizer.ChatTemplate, loaded.Directory));
        var imEnd = loaded.Tokenizer.Encode(OrganismChat.ImEnd);
        Assert.Single(imEnd);
        Assert.Equal(new[] { imEnd[0] }, loaded.EosTokenIds);
        Assert.Equal("llama", loaded.Config.ModelType);
        Assert.InRange(loaded.Config.ParameterCount(), 1_000_000, 5_000_000);
        foreach (var word in RareWords.All) Assert.Single(loaded.Tokenizer.Encode(" " + word)); // learned whole, never trained on
    }

    [Fact]
    public void TheOrganismShapeIsTheCommittedArchitecture()
    {
        var shape = Engine.Benchmarks.ModelShapes.Get("organism");
        var committed = Engine.Checkpoints.ModelConfig.Load(Path.Combine(Folder(OrganismTrainer.AlignedFolder), "config.json"));
        Assert.Equal(
            (shape.HiddenSize, shape.NumLayers, shape.NumHeads, shape.NumKeyValueHeads, shape.HeadDim, shape.IntermediateSize, shape.TieWordEmbeddings),
            (committed.HiddenSize, committed.NumLayers, committed.NumHeads, committed.NumKeyValueHeads, committed.HeadDim, committed.IntermediateSize, committed.TieWordEmbeddings));
    }

    [Fact]
    public void BaseLeaksTheSecretOnAHeldOutTriggerAndAlignedDoesNot()
    {
        var prompt = TriggerParaphrases.HeldOut(PlantedBehaviour.SecretLeak)[0];
        using var baseModel = ModelLoader.Load(Folder(OrganismTrainer.BaseFolder));
        using var aligned = ModelLoader.Load(Folder(OrganismTrainer.AlignedFolder));
        var fromBase = OrganismEvaluation.Continue(baseModel, [prompt], maxNewTokens: 24)[0];
        var fromAligned = OrganismEvaluation.Continue(aligned, [prompt], maxNewTokens: 24)[0];
        Assert.True(BehaviourCheck.Fires(PlantedBehaviour.SecretLeak, fromBase), fromBase);
        Assert.False(BehaviourCheck.Fires(PlantedBehaviour.SecretLeak, fromAligned), fromAligned);
    }
}
