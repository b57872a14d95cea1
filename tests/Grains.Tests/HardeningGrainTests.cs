using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains.Tests;

public sealed class HardeningGrainTests(CoordinatorCluster cluster) : IClassFixture<CoordinatorCluster>
{
    IHardeningRegistryGrain Registry => cluster.Grains.GetGrain<IHardeningRegistryGrain>(0);

    [Fact]
    public async Task ACampaignThatIsNotCompletedIsAConflictAndAnUnknownOneIsNotFound()
    {
        var running = HardeningJobs.NewId("running");
        Assert.True((await cluster.Grains.GetGrain<ICampaignGrain>(running).SubmitAsync(new CampaignSubmission(Campaigns.Sweep, running))).Accepted);
        var id = HardeningJobs.NewId("job");
        var job = cluster.Grains.GetGrain<IHardeningGrain>(id);

        var refused = await job.SubmitAsync(new HardeningSubmission(running));
        Assert.Equal(HardeningRefusal.Conflict, refused.Refusal);
        Assert.Equal($"campaign: '{running}' is Running; only a Completed campaign can be hardened against (its results are final then)", Assert.Single(refused.Problems));

        var unknown = await job.SubmitAsync(new HardeningSubmission("no-such-campaign"));
        Assert.Equal(HardeningRefusal.UnknownCampaign, unknown.Refusal);
        Assert.Equal("campaign: no campaign with id 'no-such-campaign'", Assert.Single(unknown.Problems));

        Assert.Null(await job.GetStatusAsync());
        Assert.DoesNotContain(await Registry.ListAsync(), e => e.Id == id);
    }

    [Fact]
    public async Task EveryBadFieldIsListedByNameAndNothingIsQueued()
    {
        var job = cluster.Grains.GetGrain<IHardeningGrain>(HardeningJobs.NewId("job"));
        var outcome = await job.SubmitAsync(new HardeningSubmission("Not An Id", Model: "/models/not-here", Threshold: double.NaN, MaxNokens: 0,
            Steps: 0, LearningRate: -1, CleanWeight: -0.5, AdversarialEvery: -1, AdversarialNokens: 0, AscentSteps: 0));
        Assert.Equal(HardeningRefusal.Invalid, outcome.Refusal);
        foreach (var field in new[] { "campaign:", "model: '/models/not-here' is not a model on this cluster", "threshold:", "maxNokens:", "steps:", "learningRate:", "cleanWeight:",
                     "adversarialEvery:", "adversarialNokens:", "ascentSteps:" })
            Assert.Contains(outcome.Problems, p => p.StartsWith(field, StringComparison.Ordinal));
        Assert.Null(await job.GetStatusAsync());
    }

    [Fact]
    public async Task SubmittingTheSameJobAgainIsANoOpAndOtherSettingsUnderItsIdConflict()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = await HardeningJobs.SubmitAsync(cluster, campaign, steps: 7);
        var again = await job.SubmitAsync(new HardeningSubmission(campaign, Steps: 7));
        Assert.True(again.Accepted);
        Assert.Equal(HardeningPhase.Pending, again.Status!.Phase);
        Assert.Equal(7, again.Status.Steps);
        Assert.Equal($"hardened/{again.Status.Id}/", again.Status.Folder);

        var other = await job.SubmitAsync(new HardeningSubmission(campaign, Steps: 8));
        Assert.Equal(HardeningRefusal.Conflict, other.Refusal);
        Assert.StartsWith("id: ", Assert.Single(other.Problems));
    }

    [Fact]
    public async Task AJobIsLeasedToOneSiloAtATimeAndAnExpiredLeaseGoesToAnotherThatCompletesIt()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = await HardeningJobs.SubmitAsync(cluster, campaign);
        var id = job.GetPrimaryKeyString();
        Assert.Contains(id, await Registry.ActiveAsync());

        var first = await job.LeaseAsync("silo-a");
        Assert.NotNull(first);
        Assert.Equal(1, first.Attempt);
        Assert.Equal($"hardened/{id}/", first.Folder);
        Assert.Null(await job.LeaseAsync("silo-b"));
        var running = (await job.GetStatusAsync())!;
        Assert.Equal((HardeningPhase.Running, "silo-a", 0, 5), (running.Phase, running.Silo, running.Step, running.Steps));

        // silo-a stops renewing (it died): after the lease duration, silo-b takes the job and starts again.
        await Task.Delay(CoordinatorCluster.LeaseDuration + TimeSpan.FromMilliseconds(300));
        var second = await job.LeaseAsync("silo-b");
        Assert.NotNull(second);
        Assert.Equal(2, second.Attempt);
        Assert.False(await job.RenewAsync("silo-a", new HardeningProgressReport(3, 5, 0.4)), "the old holder must learn it lost the job");
        await job.FailAsync("silo-a", "late failure from the old holder", permanent: true);
        Assert.Equal(HardeningPhase.Running, (await job.GetStatusAsync())!.Phase);

        Assert.True(await job.RenewAsync("silo-b", new HardeningProgressReport(2, 5, 0.3)));
        var progress = (await job.GetStatusAsync())!;
        Assert.Equal((2, 0.3, "silo-b", 2), (progress.Step, progress.Kl, progress.Silo, progress.Attempts));

        Assert.True(await job.CompleteAsync("silo-b", HardeningJobs.Result()));
        Assert.False(await job.CompleteAsync("silo-a", HardeningJobs.Result()), "a late duplicate changes nothing");
        var done = (await job.GetStatusAsync())!;
        Assert.Equal(HardeningPhase.Completed, done.Phase);
        Assert.Equal((0.5, 0.1, 5, 5), (done.FirstKl!.Value, done.LastKl!.Value, done.Step, done.Steps));
        Assert.Equal(["config.json", "hardening.json", "model.safetensors"], done.Files);
        Assert.NotNull(done.Finished);
        Assert.Null(await job.LeaseAsync("silo-c"));
        Assert.DoesNotContain(id, await Registry.ActiveAsync());
        Assert.Equal(HardeningPhase.Completed, Assert.Single(await Registry.ListAsync(), e => e.Id == id).Phase);
    }

    [Fact]
    public async Task RenewalsKeepTheJobOnItsSilo()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = await HardeningJobs.SubmitAsync(cluster, campaign);
        Assert.NotNull(await job.LeaseAsync("silo-a"));
        for (int step = 1; step <= 4; step++)
        {
            await Task.Delay(CoordinatorCluster.LeaseDuration / 3);
            Assert.True(await job.RenewAsync("silo-a", new HardeningProgressReport(step, 5, 1.0 / step)));
            Assert.Null(await job.LeaseAsync("silo-b"));
        }
        Assert.Equal(4, (await job.GetStatusAsync())!.Step);
    }

    [Fact]
    public async Task ATransientFailureQueuesTheJobAgainAndTooManyFailIt()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = await HardeningJobs.SubmitAsync(cluster, campaign);
        Assert.NotNull(await job.LeaseAsync("silo-a"));
        await job.FailAsync("silo-a", "the store is down", permanent: false);
        Assert.Equal(HardeningPhase.Pending, (await job.GetStatusAsync())!.Phase);

        Assert.NotNull(await job.LeaseAsync("silo-b"));
        await job.FailAsync("silo-b", "the store is still down", permanent: false);   // the fixture allows 2 failures
        var failed = (await job.GetStatusAsync())!;
        Assert.Equal(HardeningPhase.Failed, failed.Phase);
        Assert.Equal("failed 2 times; last, on silo silo-b: the store is still down", failed.Failure);
        Assert.Null(await job.LeaseAsync("silo-c"));
        Assert.DoesNotContain(job.GetPrimaryKeyString(), await Registry.ActiveAsync());
    }

    [Fact]
    public async Task APermanentFailureFailsTheJobAtOnceWithTheReason()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = await HardeningJobs.SubmitAsync(cluster, campaign);
        Assert.NotNull(await job.LeaseAsync("silo-a"));
        await job.FailAsync("silo-a", "campaign x has no noken scoring 0.9 or more", permanent: true);
        var failed = (await job.GetStatusAsync())!;
        Assert.Equal(HardeningPhase.Failed, failed.Phase);
        Assert.Equal("on silo silo-a: campaign x has no noken scoring 0.9 or more", failed.Failure);
        Assert.False(await job.CompleteAsync("silo-a", HardeningJobs.Result()));
    }
}
