using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Benchmarks;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tests.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Generation;

public sealed class ShardGeneratorTests
{
    static readonly DecodingOptions Greedy = new() { MaxNewTokens = 6, StopAtEos = false };

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void PrefixCachedBatchedDecodeEqualsTheNaiveWay(string family)
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, family);
        var prompts = GenerationFixture.Prompts(loaded);
        using var nokens = GenerationFixture.Nokens(loaded, 5);
        var output = new ShardGenerator(loaded).Run(new ShardRequest(nokens, prompts, Greedy));

        Assert.Equal(5 * prompts.Count, output.Pairs.Count);
        var naive = new NaiveGenerator(loaded);
        foreach (var pair in output.Pairs)
        {
            using var noken = nokens[pair.NokenIndex];
            var expected = naive.Generate(noken, prompts[pair.PromptIndex], Greedy.MaxNewTokens);
            Assert.Equal(expected, pair.Continuation.Ids);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.8)]
    public void APairsContinuationDoesNotDependOnItsBatch(double temperature)
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "llama");
        var prompts = GenerationFixture.Prompts(loaded);
        using var nokens = GenerationFixture.Nokens(loaded, 7);
        var options = Greedy with { Temperature = temperature, TopP = 0.9, Seed = 5 };
        var together = new ShardGenerator(loaded).Run(new ShardRequest(nokens, prompts, options));
        var inThrees = new ShardGenerator(loaded).Run(new ShardRequest(nokens, prompts, options with { MaxBatch = 3 }));
        Assert.Equal(together.Pairs.Select(p => p.Continuation.Ids), inThrees.Pairs.Select(p => p.Continuation.Ids));
        for (int i = 0; i < together.Pairs.Count; i++)
            Assert.Equal(together.Pairs[i].Continuation.LogProbs, inThrees.Pairs[i].Continuation.LogProbs, (a, b) => Math.Abs(a - b) < 1e-4);
    }

    [Fact]
    public void SampledDecodingReplaysFromItsSeedAndDiffersAcrossSeeds()
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "gpt2");
        var prompts = GenerationFixture.Prompts(loaded);
        using var nokens = GenerationFixture.Nokens(loaded, 4);
        ShardOutput Run(long seed) => new ShardGenerator(loaded).Run(new ShardRequest(nokens, prompts, Greedy with { Temperature = 1.5, Seed = seed }));
        var first = Run(1).Pairs.Select(p => p.Continuation.Ids).ToList();
        Assert.Equal(first, Run(1).Pairs.Select(p => p.Continuation.Ids).ToList());
        Assert.NotEqual(first, Run(2).Pairs.Select(p => p.Continuation.Ids).ToList());
    }

    [Fact]
    public void ANokenEqualToTheControlTokenDivergesByNothing()
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "llama");
        var prompts = GenerationFixture.Prompts(loaded);
        const int controlToken = 100;
        using var nokens = torch.stack([loaded.Model.EmbeddingMatrix[controlToken], GenerationFixture.Nokens(loaded, 1)[0]]);
        var output = new ShardGenerator(loaded).Run(new ShardRequest(nokens, prompts, Greedy) { ControlTokenId = controlToken });
        foreach (var pair in output.Pairs.Where(p => p.NokenIndex == 0))
        {
            Assert.Equal(output.Controls[pair.PromptIndex].Ids, pair.Continuation.Ids);
            Assert.Equal(Greedy.MaxNewTokens, pair.Continuation.KlFromControl.Length);
            Assert.All(pair.Continuation.KlFromControl, kl => Assert.True(Math.Abs(kl) < 1e-5, $"KL {kl}"));
        }
        Assert.Contains(output.Pairs.Where(p => p.NokenIndex == 1), p => p.Continuation.KlFromControl[0] > 1e-4);
    }

    [Fact]
    public void EndOfSequenceStopsARowAndIsNotPartOfItsText()
    {
        using var dir = new TempDirectory();
        var prompts = default(IReadOnlyList<PromptSlot>);
        int firstToken;
        using (var loaded = GenerationFixture.Load(dir.Path, "llama"))
        {
            prompts = GenerationFixture.Prompts(loaded);
            using var nokens = GenerationFixture.Nokens(loaded, 1);
            firstToken = new ShardGenerator(loaded).Run(new ShardRequest(nokens, prompts, Greedy)).Controls[0].Ids[0];
        }
        // Declare the token the control says first to be end-of-sequence: the control must now stop at once.
        var configPath = Path.Combine(dir.Path, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["eos_token_id"] = firstToken;
        File.WriteAllText(configPath, config.ToJsonString());
        using (var loaded = ModelLoader.Load(dir.Path))
        {
            using var nokens = GenerationFixture.Nokens(loaded, 1);
            var control = new ShardGenerator(loaded).Run(new ShardRequest(nokens, prompts!, Greedy with { StopAtEos = true })).Controls[0];
            Assert.True(control.StoppedAtEos);
            Assert.Empty(control.Ids);
            Assert.Equal("", control.Text);
        }
    }

    [Fact]
    public void ResidualInjectionOfNothingEqualsTheControl()
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "gpt2");
        var prompts = GenerationFixture.Prompts(loaded);
        using var zeros = torch.zeros(2, loaded.Config.HiddenSize);
        var request = new ShardRequest(zeros, prompts, Greedy)
        {
            ControlTokenId = 50,
            Injection = new NokenInjection(Layer: 1, Mode: ResidualEditMode.Add),
        };
        var output = new ShardGenerator(loaded).Run(request);
        Assert.All(output.Pairs, pair => Assert.Equal(output.Controls[pair.PromptIndex].Ids, pair.Continuation.Ids));
        var pushed = new ShardGenerator(loaded).Run(request with { Nokens = GenerationFixture.Nokens(loaded, 2, scale: 50) });
        Assert.Contains(pushed.Pairs, pair => pair.Continuation.KlFromControl[0] > 1e-3);
    }

    [Fact]
    public void NokensOfTheWrongWidthAreRefusedNamingTheHiddenSize()
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "llama");
        using var wrong = torch.zeros(3, loaded.Config.HiddenSize + 1);
        var error = Assert.Throws<ArgumentException>(() =>
            new ShardGenerator(loaded).Run(new ShardRequest(wrong, GenerationFixture.Prompts(loaded), Greedy)));
        Assert.Contains($"[N, {loaded.Config.HiddenSize}]", error.Message);
        Assert.Contains($"[3, {loaded.Config.HiddenSize + 1}]", error.Message);
    }
}
