using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Hardening;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Hardening;

public sealed class AdversarialHardeningTests
{
    static HardeningOptions Adversarial(int steps) => OrganismHardening.Options(steps) with
    {
        AdversarialEvery = 3, AdversarialNokens = 4, AscentSteps = 3, ReportEvery = 3,
    };

    [Fact]
    public void AdversarialHardeningIsDeterministicForASeedAndReportsItsRounds()
    {
        Dictionary<string, Tensor> first;
        HardeningReport report;
        var progress = new List<HardeningProgress>();
        using (var problem = new OrganismHardening(nokens: 4))
        using (var statistics = EmbeddingStatistics.Of(problem.Loaded))
        {
            report = NokenHardener.Train(problem.Model, problem.Nokens, problem.Targets, problem.Clean, Adversarial(6), progress.Add, statistics);
            first = problem.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        }

        // The opening probe, rounds before steps 0 and 3, the closing probe; every climb ends at least as high as it began.
        Assert.Equal([0, 0, 3, 6], report.Adversarial.Select(r => r.Step));
        Assert.Equal([true, false, false, true], report.Adversarial.Select(r => r.Probe));
        // The probe climbs from held-aside starts, not the first round's (which are trained on).
        Assert.NotEqual(report.Adversarial[0].StartKl, report.Adversarial[1].StartKl);
        Assert.All(report.Adversarial, r => Assert.True(r.FoundKl >= r.StartKl && r.Vectors == 4, $"{r}"));
        Assert.Equal(report.Adversarial[0].FoundKl, report.AdversarialTrend.First);
        Assert.Equal(report.Adversarial[^1].FoundKl, report.AdversarialTrend.Last);
        Assert.Equal([3, 6, 6], progress.Select(p => p.Step));
        Assert.All(progress, p => Assert.Contains("adversarial KL", p.ToString()));
        Assert.True(progress[^1].IsProbe);

        using (var again = new OrganismHardening(nokens: 4))
        using (var statistics = EmbeddingStatistics.Of(again.Loaded))
        {
            var second = NokenHardener.Train(again.Model, again.Nokens, again.Targets, again.Clean, Adversarial(6), statistics: statistics);
            Assert.Equal(report.Adversarial, second.Adversarial);
            foreach (var (name, parameter) in again.Model.named_parameters())
                Assert.True(parameter.detach().eq(first[name]).all().item<bool>(), $"{name} differs between two adversarial runs with the same seed");
        }

        // Plain hardening with the same seed trains on other pairs, so it ends elsewhere: the rounds did something.
        using (var plain = new OrganismHardening(nokens: 4))
        {
            var none = NokenHardener.Train(plain.Model, plain.Nokens, plain.Targets, plain.Clean, OrganismHardening.Options(6));
            Assert.Empty(none.Adversarial);
            Assert.True(double.IsNaN(none.AdversarialTrend.First));
            Assert.Contains(plain.Model.named_parameters(), p => !p.parameter.detach().eq(first[p.name]).all().item<bool>());
        }
        foreach (var tensor in first.Values) tensor.Dispose();
    }

    [Theory]
    [InlineData(nameof(HardeningOptions.AdversarialEvery), -1)]
    [InlineData(nameof(HardeningOptions.AdversarialNokens), 0)]
    [InlineData(nameof(HardeningOptions.AscentSteps), 0)]
    [InlineData(nameof(HardeningOptions.AscentStepSize), 0.0)]
    [InlineData(nameof(HardeningOptions.AscentStepSize), double.NaN)]
    [InlineData(nameof(HardeningOptions.AdversarialPool), 3)]
    [InlineData(nameof(HardeningOptions.AdversarialShare), 0.0)]
    [InlineData(nameof(HardeningOptions.AdversarialShare), 1.5)]
    [InlineData(nameof(HardeningOptions.AdversarialShare), 0.01)]
    public void BadAdversarialOptionsAreRefusedByName(string option, double value)
    {
        var options = option switch
        {
            nameof(HardeningOptions.AdversarialEvery) => new HardeningOptions { AdversarialEvery = (int)value },
            nameof(HardeningOptions.AdversarialNokens) => new HardeningOptions { AdversarialEvery = 5, AdversarialNokens = (int)value },
            nameof(HardeningOptions.AscentSteps) => new HardeningOptions { AdversarialEvery = 5, AscentSteps = (int)value },
            nameof(HardeningOptions.AscentStepSize) => new HardeningOptions { AdversarialEvery = 5, AscentStepSize = value },
            nameof(HardeningOptions.AdversarialPool) => new HardeningOptions { AdversarialEvery = 5, AdversarialNokens = 4, AdversarialPool = (int)value },
            _ => new HardeningOptions { AdversarialEvery = 5, AdversarialShare = value },
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(option, error.ParamName);
        // Off, the adversarial knobs are not consulted: existing runs stay valid whatever they hold.
        if (option != nameof(HardeningOptions.AdversarialEvery)) (options with { AdversarialEvery = 0 }).Validate();
    }

    [Fact]
    public void AdversarialRoundsWithoutEmbeddingStatisticsAreRefused()
    {
        using var problem = new OrganismHardening(nokens: 2);
        var error = Assert.Throws<ArgumentException>(() =>
            NokenHardener.Train(problem.Model, problem.Nokens, problem.Targets, problem.Clean, Adversarial(3)));
        Assert.Equal("statistics", error.ParamName);
    }
}
