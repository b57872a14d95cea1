using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains.Tests;

/// <summary>
/// A hardening job holds a silo's model thread until it ends, so its size is bounded at submit (each field by name,
/// <see cref="HardeningLimits"/>), and its model is confined to the models root as a spec's is.
/// </summary>
public sealed class HardeningLimitsTests(CoordinatorCluster cluster) : IClassFixture<CoordinatorCluster>
{
    static readonly HardeningLimits Limits = new();

    [Fact]
    public async Task EveryFieldPastItsUpperBoundIsRefusedByName()
    {
        var job = cluster.Grains.GetGrain<IHardeningGrain>(HardeningJobs.NewId("huge"));
        // The probes: steps 2³¹−1 and a billion adversarial nokens were accepted and failed at run time.
        var outcome = await job.SubmitAsync(new HardeningSubmission("some-campaign", Steps: int.MaxValue, MaxNokens: 1_000_000_000,
            AdversarialNokens: 1_000_000_000, AscentSteps: Limits.MaxAscentSteps + 1));
        Assert.Equal(HardeningRefusal.Invalid, outcome.Refusal);
        Assert.Equal(
            [
                $"maxNokens: 1,000,000,000 must be at most {Limits.MaxNokens:N0}",
                $"steps: 2,147,483,647 must be at most {Limits.MaxSteps:N0}",
                $"adversarialNokens: 1,000,000,000 must be at most {Limits.MaxAdversarialNokens:N0}",
                $"ascentSteps: {Limits.MaxAscentSteps + 1:N0} must be at most {Limits.MaxAscentSteps:N0}",
            ], outcome.Problems);
        Assert.Null(await job.GetStatusAsync());
    }

    [Fact]
    public async Task AJobAtEveryBoundIsAccepted()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = cluster.Grains.GetGrain<IHardeningGrain>(HardeningJobs.NewId("bounded"));
        var outcome = await job.SubmitAsync(new HardeningSubmission(campaign, Steps: Limits.MaxSteps, MaxNokens: Limits.MaxNokens,
            AdversarialEvery: 10, AdversarialNokens: Limits.MaxAdversarialNokens, AscentSteps: Limits.MaxAscentSteps));
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Problems));
    }

    [Fact]
    public async Task AModelOutsideTheModelsRootGetsTheSameAnswerWhetherOrNotItExists()
    {
        var answers = new List<string>();
        foreach (var model in new[] { "/root", "/etc", "../../../etc", "/nonexistent", "missing-inside" })
        {
            var outcome = await cluster.Grains.GetGrain<IHardeningGrain>(HardeningJobs.NewId("model")).SubmitAsync(new HardeningSubmission("some-campaign", Model: model));
            var problem = Assert.Single(outcome.Problems);
            Assert.DoesNotContain("does not exist", problem);
            answers.Add(problem.Replace($"'{model}'", "'…'", StringComparison.Ordinal));
        }
        Assert.Single(answers.Distinct());
        // The embedded organism (copied next to the binaries) and folders inside the root still resolve.
        var embedded = await cluster.Grains.GetGrain<IHardeningGrain>(HardeningJobs.NewId("model")).SubmitAsync(new HardeningSubmission("no-such-campaign", Model: "organism"));
        Assert.Equal(HardeningRefusal.UnknownCampaign, embedded.Refusal);
    }
}
