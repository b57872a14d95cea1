using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Attacks.Crux;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Tests.Attacks;

/// <summary>
/// The crux-1 comparison on the committed aligned organism, at small budgets: every arm keeps to its budget in
/// forward-pass equivalents, a success is exactly the goal's ground-truth check on the reply it reports, the same
/// seed gives the same result, and the unconstrained embedding attack leaks the secret within a budget the sweeps
/// spend on a few hundred nokens.
/// </summary>
public sealed class CruxComparisonTests : IDisposable
{
    readonly LoadedModel _organism = ModelLoader.Load(Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned"));
    static readonly AttackGoal Secret = AttackGoal.Parse("secret");

    [Fact]
    public void SweepArmsKeepToTheBudgetAndReportTheCheckOnTheirReply()
    {
        const long budget = 120;
        var arms = new[] { CruxArm.Random, CruxArm.Search(CampaignObjective.TargetLikelihood) };
        var results = CruxComparison.Run(_organism, Secret, arms, seeds: 1, budget, seed: 3);
        Assert.Equal(2 * Secret.TriggerPrompts.Count, results.Count);
        foreach (var r in results)
        {
            Assert.InRange(r.Spent, 1, budget);
            Assert.Equal(Secret.Fires(r.Reply), r.Success);
        }
        // The likelihood objective pays one teacher-forced pass per target: fewer nokens for the same budget.
        Assert.Equal(CruxBudget.PerNoken(CampaignObjective.TargetLikelihood, Secret.Targets.Count), 1 + Secret.Targets.Count);

        var again = CruxComparison.Run(_organism, Secret, [CruxArm.Random], seeds: 1, budget, seed: 3);
        Assert.Equal(results.Where(r => r.Arm == CruxArm.Random.Name).Select(r => (r.Spent, r.Reply)), again.Select(r => (r.Spent, r.Reply)));
    }

    [Fact]
    public void TheEmbeddingAttackLeaksTheSecretWithinItsBudget()
    {
        const long budget = 600;
        var arm = CruxArm.Parse("embedding-none-1");
        var results = CruxComparison.Run(_organism, Secret, [arm], seeds: 1, budget, seed: 7);
        Assert.Equal(Secret.TriggerPrompts.Count, results.Count);
        Assert.All(results, r => Assert.Equal(Secret.Fires(r.Reply), r.Success));
        Assert.Contains(results, r => r.Success);
        // A step (9 equivalents with its share of checks) is not started unless another like the last still fits.
        Assert.All(results, r => Assert.InRange(r.Spent, 1, budget));
        var row = Assert.Single(CruxComparison.Rows("secret", results));
        Assert.Equal(results.Count(r => r.Success), row.Successes);
        Assert.True(row.Rate.Lower <= row.Rate.Value && row.Rate.Value <= row.Rate.Upper);
    }

    [Fact]
    public void ArmsAreNamedOnTheCommandLineAndAnUnknownOneIsRefused()
    {
        Assert.Equal(CruxArm.All.Count, CruxArm.All.Select(a => a.Key).Distinct().Count());
        Assert.Same(CruxArm.Random, CruxArm.Parse(CruxArm.Random.Key));
        Assert.Contains("gcg-4", Assert.Throws<ArgumentException>(() => CruxArm.Parse("gcg-9")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttackOptions(AttackMethod.Embedding, Budget: -1).Validate());
    }

    [Fact]
    public void TheReportRoundTripsThroughJsonIntoTheHtmlReport()
    {
        var units = Enumerable.Range(0, 5).Select(i => ("secret", new CruxUnitResult("embedding none K=1", $"p{i}", 0, i < 3, 100 + i, i < 3 ? "leak" : "no")))
            .Append(("loop", new CruxUnitResult("random nokens", "sea", 0, false, 2000, "calm"))).ToList();
        var report = CruxReport.Of(2000, 1, 0, units);
        using var dir = new Checkpoints.TempDirectory();
        var path = Path.Combine(dir.Path, "crux.json");
        File.WriteAllText(path, report.ToJson());
        var read = CruxReport.Load(path);
        var secret = Assert.Single(read.Rows, r => r.Goal == "secret");
        Assert.Equal((5, 3, 101.0), (secret.Units, secret.Successes, secret.MedianSpentToSuccess!.Value));
        Assert.Null(Assert.Single(read.Rows, r => r.Goal == "loop").MedianSpentToSuccess);
        Assert.Equal(6, read.Units.Count);
        var html = Engine.Reporting.HtmlReport.Build("t", [], [], [read]);
        Assert.Contains("Crux 1", html);
        Assert.Contains("3/5", html);
        File.WriteAllText(path, "{\"budget\": 1}");
        Assert.Throws<FormatException>(() => CruxReport.Load(path));
    }

    public void Dispose() => _organism.Dispose();
}
