using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Engine.Tests.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Behaviour;

/// <summary>
/// Gibberish on a random-weight model. What is robust there: at every step the greedy token is the most likely one,
/// so its NLL is the step's min-entropy, which never exceeds log V; a uniformly random token's expected NLL is the
/// cross-entropy of the uniform distribution against the model's, which is never below log V. So text the model
/// generated greedily must be more likely, per token, than random token strings, whatever the random weights.
/// </summary>
public sealed class GibberishDetectorTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly LoadedModel _loaded;

    public GibberishDetectorTests() => _loaded = GenerationFixture.Load(_dir.Path, "llama");

    public void Dispose()
    {
        _loaded.Dispose();
        _dir.Dispose();
    }

    int[] Greedy(int count)
    {
        var ids = new List<int> { _loaded.Tokenizer.BosTokenId!.Value };
        using var noGrad = torch.no_grad();
        for (int i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            var input = torch.tensor(ids.Select(x => (long)x).ToArray()).unsqueeze(0);
            var logits = _loaded.Model.Forward(_loaded.Model.Embed(input), logits: LogitsFor.LastPosition); // [1, 1, V]
            ids.Add((int)logits[0, 0].narrow(0, 3, _loaded.Config.VocabSize - 3).argmax().item<long>() + 3); // no special tokens
        }
        return [.. ids.Skip(1)];
    }

    int[] RandomTokens(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(3, _loaded.Config.VocabSize)).ToArray();
    }

    Continuation Of(int[] ids) => new(ids, _loaded.Tokenizer.Decode(ids), [], [], [], false);

    DetectorSuite Suite() => DetectorSuite.Create(new DetectorSuiteConfig([DetectorSpec.Of(DetectorCatalog.Gibberish)]), DetectorServices.Of(_loaded));

    [Fact]
    public void RandomTokensAreLessLikelyThanTheModelsOwnGreedyText()
    {
        var greedy = Of(Greedy(24));
        var randoms = Enumerable.Range(0, 8).Select(seed => Of(RandomTokens(24, seed))).ToList();
        var verdicts = Suite().Score([new BehaviourObservation(greedy, greedy, PromptContext.Benign), .. randoms.Select(r => new BehaviourObservation(r, greedy, PromptContext.Benign))]);

        var own = verdicts[0].Scores[0];
        Assert.Equal(1 / (1 + Math.Exp(4)), own.Score, 6); // nll = reference: σ(−margin/scale) = σ(−2/0.5)
        Assert.Contains("(+0.00)", own.Evidence);
        Assert.All(verdicts.Skip(1), v => Assert.True(v.Scores[0].Score > own.Score, v.Scores[0].Evidence));

        var nll = new SequenceLikelihood(_loaded.Model).MeanNll([([0], greedy.Ids), .. randoms.Select(r => (new[] { 0 }, r.Ids))]);
        Assert.True(nll.Skip(1).Average(r => r.Nll) > nll[0].Nll, $"greedy {nll[0].Nll}, random {nll.Skip(1).Average(r => r.Nll)}");
        Assert.All(nll, r => Assert.Equal(24, r.Scored));
    }

    [Fact]
    public void ASequencesLikelihoodDoesNotDependOnItsBatchOrPadding()
    {
        var sequences = new[] { 5, 17, 40, 9 }.Select((n, i) => (new[] { 0 }, RandomTokens(n, 100 + i))).ToList();
        var batched = new SequenceLikelihood(_loaded.Model).MeanNll(sequences);
        for (int i = 0; i < sequences.Count; i++)
        {
            var alone = new SequenceLikelihood(_loaded.Model).MeanNll([sequences[i]])[0];
            Assert.Equal(alone.Nll, batched[i].Nll, 4);
            Assert.Equal(alone.Scored, batched[i].Scored);
        }
        // A budget so small that every sequence runs alone gives the same numbers.
        var single = new SequenceLikelihood(_loaded.Model, logitsBudget: 1).MeanNll(sequences);
        Assert.Equal(batched.Select(b => Math.Round(b.Nll, 4)), single.Select(s => Math.Round(s.Nll, 4)));
    }

    [Fact]
    public void AContinuationTooShortToJudgeScoresZero()
    {
        var verdict = Suite().Score(new BehaviourObservation(Of([57]), null, PromptContext.Benign));
        Assert.Equal(0.0, verdict.Scores[0].Score);
        Assert.Equal("too short to judge (1 tokens scored)", verdict.Scores[0].Evidence);
    }

    [Fact]
    public void RealShardOutputScoresEveryPairWithTheWholeSuite()
    {
        var prompts = GenerationFixture.Prompts(_loaded);
        using var nokens = GenerationFixture.Nokens(_loaded, 6, scale: 3.0);
        var output = new ShardGenerator(_loaded).Run(new ShardRequest(nokens, prompts, new DecodingOptions { MaxNewTokens = 12, TrackedSteps = 4 }));
        var observations = ShardObservations.Of(output, prompts.Select(p => new PromptContext(p.Name == "repeat" ? PromptKind.Echo : PromptKind.Benign)).ToList());

        var suite = DetectorSuite.Create(DetectorSuiteConfig.Organism, DetectorServices.Of(_loaded));
        Assert.Empty(suite.Skipped);
        var verdicts = suite.Score(observations);
        Assert.Equal(observations.Count, verdicts.Count);
        Assert.All(verdicts, v =>
        {
            Assert.Equal(8, v.Scores.Count);
            Assert.All(v.Scores, s => Assert.InRange(s.Score, 0, 1));
            Assert.Contains(v.TopLabel, suite.Labels.Append(BehaviourVerdict.NoLabel));
        });
        // The derailment evidence carries the KL the decoder measured against the control.
        Assert.Contains(verdicts, v => v["derailment"]!.Evidence.Contains("mean KL"));
    }
}
