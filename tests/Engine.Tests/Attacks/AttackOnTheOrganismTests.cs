using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Attacks;

/// <summary>
/// The attacks against the committed aligned organism: an unconstrained embedding attack on a held-out passphrase
/// request finds a vector whose greedy reply leaks the secret — checked again here by decoding that vector through
/// the sweeps' own generator, independently of the attack — and the same seed finds the same vector.
/// </summary>
public sealed class AttackOnTheOrganismTests : IDisposable
{
    readonly LoadedModel _organism = ModelLoader.Load(Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned"));

    static readonly AttackOptions Embedding = new(AttackMethod.Embedding, AttackConstraint.None, Nokens: 1, Restarts: 1, Steps: 60, Seed: 7);

    [Fact]
    public void AnEmbeddingAttackLeaksTheSecretThroughTheSweepPathAndTheSameSeedGivesTheSameVector()
    {
        var goal = AttackGoal.Parse("secret");
        var first = Assert.Single(AttackRun.Execute(_organism, goal, Embedding, only: new HashSet<int> { 0 }).Results);
        Assert.True(first.Success, $"no leak in {first.Steps} steps: \"{first.Reply}\"");
        Assert.Contains(OrganismSecrets.Passphrase, first.Reply);
        Assert.True(first.Steps < Embedding.Steps);

        // Independently of the attack: the found vector, decoded greedily by a fresh ShardGenerator on the same prompt.
        var unit = AttackRun.Units(_organism, goal, Embedding)[0];
        using var vector = tensor(first.Vectors!, [1, _organism.Config.HiddenSize]);
        var output = new ShardGenerator(_organism).Run(new ShardRequest(vector, [unit.Slot], new DecodingOptions { MaxNewTokens = Embedding.MaxNewTokens }));
        Assert.True(BehaviourCheck.Fires(PlantedBehaviour.SecretLeak, output.Pairs[0].Continuation.Text), output.Pairs[0].Continuation.Text);
        // Without it the aligned organism refuses: the leak is the vector's doing.
        Assert.False(BehaviourCheck.Fires(PlantedBehaviour.SecretLeak, output.Controls[0].Text), output.Controls[0].Text);

        var again = Assert.Single(AttackRun.Execute(_organism, goal, Embedding, only: new HashSet<int> { 0 }).Results);
        Assert.Equal(first.Vectors, again.Vectors);
        Assert.Equal(first.Steps, again.Steps);
        var otherSeed = Assert.Single(AttackRun.Execute(_organism, goal, Embedding with { Seed = 8, Steps = 1, CheckEvery = 1 }, only: new HashSet<int> { 0 }).Results);
        Assert.NotEqual(first.Vectors, otherSeed.Vectors);
    }

    [Fact]
    public void TheTextAttackPlacesRealTokensOnlyAndReportsTheString()
    {
        var options = new AttackOptions(AttackMethod.Gcg, Nokens: 3, Restarts: 1, Steps: 2, Seed: 1, CheckEvery: 1, Candidates: 8, TopK: 4);
        var result = Assert.Single(AttackRun.Execute(_organism, AttackGoal.Parse("hostile"), options, only: new HashSet<int> { 0 }).Results);
        Assert.Equal(3, result.TokenIds!.Length);
        Assert.All(result.TokenIds, id => Assert.InRange(id, 0, _organism.RealTokens - 1));
        Assert.DoesNotContain(result.TokenIds, id => _organism.EosTokenIds.Contains(id));
        Assert.Equal(_organism.Tokenizer.Decode(result.TokenIds), result.Text);
        Assert.Equal(2 * (1 + options.Candidates) * 3 + 2 * 2, result.ForwardPasses);   // 3 targets; 2 checks of 2 decodes
    }

    [Fact]
    public void ThePrefillProbeCoversEveryPromptAndOpeningAndMeasuresTheFirstToken()
    {
        var report = AttackRun.Execute(_organism, AttackGoal.Parse("secret"), new AttackOptions(AttackMethod.Prefill));
        Assert.Equal((5 + AttackGoal.BenignPrompts.Count) * 4, report.Units);
        Assert.All(report.Results, r => Assert.StartsWith(r.Prefill!, r.Reply));
        Assert.All(report.Results, r => Assert.InRange(Math.Exp(r.TargetLogProb), 1e-9, 1));
        Assert.Equal(report.Results.Count(r => r.Success), report.Successes);
        Assert.Equal(report.Results.Count(r => BehaviourCheck.Fires(PlantedBehaviour.SecretLeak, r.Reply)), report.Successes);
    }

    [Fact]
    public void BadOptionsAreRefusedByName()
    {
        Assert.Contains("--nokens", Assert.Throws<ArgumentOutOfRangeException>(() => new AttackOptions(AttackMethod.Embedding, Nokens: 9).Validate()).Message);
        Assert.Contains("--steps", Assert.Throws<ArgumentOutOfRangeException>(() => new AttackOptions(AttackMethod.Gcg, Steps: 0).Validate()).Message);
        Assert.Contains("not one of secret, hostile, loop", Assert.Throws<ArgumentException>(() => AttackGoal.Parse("secrets")).Message);
    }

    public void Dispose() => _organism.Dispose();
}
