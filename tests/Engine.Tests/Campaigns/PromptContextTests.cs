using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Serving;

namespace Orleans.Noken.Engine.Tests.Campaigns;

/// <summary>
/// A prompt whose tokens, noken and new tokens exceed the model's context (the organism's is 512) is refused once it
/// is tokenized, before a tensor is made: the error names the prompt and the limit, and a prompt exactly at the
/// limit runs. The spec reader's character bound cannot know this; the silo that loads the model can.
/// </summary>
public sealed class PromptContextTests : IClassFixture<PromptContextTests.Organism>
{
    public sealed class Organism : IDisposable
    {
        public LoadedModel Loaded { get; } = ModelLoader.Load(Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned"));
        public void Dispose() => Loaded.Dispose();
    }

    readonly LoadedModel _loaded;

    public PromptContextTests(Organism organism) => _loaded = organism.Loaded;

    CampaignSpec Spec(string text, int maxNewTokens) => new("context", _loaded.Directory, "",
        [
            new CampaignPrompt("short", "{noken} What is the capital of France?", Chat: true, PromptKind.Benign),
            new CampaignPrompt("long", text, Chat: true, PromptKind.Benign),
        ],
        Distances: [], [new CampaignStrategy(new NokenRecipe(NokenStrategies.GaussianDiag, new Dictionary<string, double>(), 1), 2)],
        new DecodingOptions { MaxNewTokens = maxNewTokens }, DetectorSuiteConfig.Organism, ShardSize: 2, ControlTokenId: null);

    [Fact]
    public void APromptPastTheContextIsRefusedByNameWithTheLimit()
    {
        Assert.Equal(512, _loaded.Config.MaxPositions);
        var text = "{noken} " + string.Concat(Enumerable.Repeat("tell me about the sea ", 200));   // ~4,400 characters, under the reader's bound
        var error = Assert.Throws<CampaignSpecException>(() => new CampaignWorkload(Spec(text, 24), _loaded));
        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("prompts[1] 'long': ", problem);
        Assert.EndsWith("the model's context is 512", problem);
        Assert.DoesNotContain("sea", problem);
    }

    [Fact]
    public void APromptExactlyAtTheContextRunsAndOneTokenMoreDoesNot()
    {
        var text = "{noken} " + string.Concat(Enumerable.Repeat("sea ", 60));
        int length = RenderedPrompt.Of(_loaded, Spec(text, 1).Prompts, [])[1].Slot.Length;
        int room = _loaded.Config.MaxPositions - length;
        Assert.InRange(room, 1, 500);
        using (var fits = new CampaignWorkload(Spec(text, room), _loaded)) { }
        var error = Assert.Throws<CampaignSpecException>(() => new CampaignWorkload(Spec(text, room + 1), _loaded));
        Assert.Equal($"prompts[1] 'long': {length} tokens with the noken + {room + 1} new tokens = 513; the model's context is 512", Assert.Single(error.Problems));
    }

    [Fact]
    public void AServedConversationPastTheContextIsRefusedWithoutEchoingIt()
    {
        var chat = new NokenChat(_loaded, ChatFormat.Detect(_loaded.Tokenizer.ChatTemplate, _loaded.Directory), noken: null);
        var secret = string.Concat(Enumerable.Repeat("violet anchor ", 400));
        var error = Assert.Throws<ServeRequestException>(() => chat.Answer([new ChatMessage("user", secret)], new DecodingOptions { MaxNewTokens = 8 }));
        Assert.Equal("messages", error.Param);
        Assert.Equal("context_length_exceeded", error.Code);
        Assert.StartsWith("messages: ", error.Message);
        Assert.EndsWith("the model's context is 512", error.Message);
        Assert.DoesNotContain("violet", error.Message);
    }

    [Fact]
    public void TheSubmitTimeCheckCountsTokensWithoutTheWeightsAndLeavesAnUnreadableModelToTheWorker()
    {
        var text = "{noken} " + string.Concat(Enumerable.Repeat("tell me about the sea ", 200));
        var error = Assert.Throws<CampaignSpecException>(() => PromptFit.Check(Spec(text, 24)));
        Assert.StartsWith("prompts[1] 'long': ", Assert.Single(error.Problems));
        PromptFit.Check(Spec("{noken} hi", 24));   // fits

        using var empty = new Checkpoints.TempDirectory();   // no config.json: the worker reports that, not this check
        PromptFit.Check(Spec(text, 24) with { Model = empty.Path });
    }
}
