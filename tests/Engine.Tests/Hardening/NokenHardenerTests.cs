using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tests.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Hardening;

public sealed class NokenHardenerTests
{
    [Fact]
    public void HardeningPullsNokensTowardsTheControlAndChangesOnlyTheBlocks()
    {
        using var problem = new OrganismHardening();
        var before = Snapshot(problem.Model);
        double klBefore = problem.KlOverAllPairs();
        var reports = new List<HardeningProgress>();

        var report = NokenHardener.Train(problem.Model, problem.Nokens, problem.Targets, problem.Clean, OrganismHardening.Options(30), reports.Add);

        double klAfter = problem.KlOverAllPairs();
        Assert.True(klAfter < 0.5 * klBefore, $"KL over every pair {klBefore:F4} → {klAfter:F4}: expected at least halved");
        Assert.Equal(30, report.Steps.Count);
        Assert.All(report.Steps, s => Assert.False(double.IsNaN(s.Clean)));
        Assert.Equal([10, 20, 30], reports.Select(r => r.Step));

        // The vocabulary's parameters (the tied embedding table) are exactly as they were; every other one moved.
        var frozen = problem.Model.VocabularyParameterNames;
        Assert.Equal(["model.embed_tokens.weight"], frozen.Order());
        Assert.Equal(frozen.Order(), report.Frozen);
        foreach (var (name, parameter) in problem.Model.named_parameters())
        {
            bool same = parameter.detach().eq(before[name]).all().item<bool>();
            Assert.True(frozen.Contains(name) == same, $"{name}: {(same ? "unchanged" : "changed")}");
        }
        Assert.Equal(problem.Model.named_parameters().Where(p => !frozen.Contains(p.name)).Sum(p => p.parameter.numel()), report.TrainableParameters);
        foreach (var tensor in before.Values) tensor.Dispose();
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeightsAndTheCheckpointReloadsBitForBit()
    {
        using var dir = new TempDirectory();
        Dictionary<string, Tensor> first;
        using (var problem = new OrganismHardening(nokens: 4))
        {
            var report = NokenHardener.Train(problem.Model, problem.Nokens, problem.Targets, problem.Clean, OrganismHardening.Options(4));
            first = Snapshot(problem.Model);
            var card = new HardeningCard(OrganismHardening.ModelDirectory, "test", 0.1, new Dictionary<string, int> { ["flagged"] = 4 },
                new Dictionary<string, int> { ["gibberish"] = 4 }, ["passphrase", "capital"], "test dialogues", problem.Clean.Count,
                OrganismHardening.Options(4), report.Frozen, report.TrainableParameters, report.KlTrend.First, report.KlTrend.Last,
                0, 0, report.Elapsed.TotalSeconds, DateTimeOffset.UnixEpoch);
            HardenedCheckpoint.Save(problem.Model, OrganismHardening.ModelDirectory, dir.File("hardened"), card);
        }
        using (var again = new OrganismHardening(nokens: 4))
        {
            NokenHardener.Train(again.Model, again.Nokens, again.Targets, again.Clean, OrganismHardening.Options(4));
            foreach (var (name, parameter) in again.Model.named_parameters())
                Assert.True(parameter.detach().eq(first[name]).all().item<bool>(), $"{name} differs between two runs with the same seed");
        }

        using var reloaded = ModelLoader.Load(dir.File("hardened"));
        foreach (var (name, parameter) in ((CausalLanguageModel)reloaded.Model).named_parameters())
            Assert.True(parameter.detach().eq(first[name]).all().item<bool>(), $"{name} did not reload bit for bit");
        Assert.True(File.Exists(dir.File("hardened/tokenizer.json")));
        var back = HardeningCard.Read(dir.File("hardened"));
        Assert.Equal(4, back.NokensBySource["flagged"]);
        Assert.Contains("noken harden", File.ReadAllText(dir.File("hardened/README.md")));
        foreach (var tensor in first.Values) tensor.Dispose();
    }

    static Dictionary<string, Tensor> Snapshot(CausalLanguageModel model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
}
