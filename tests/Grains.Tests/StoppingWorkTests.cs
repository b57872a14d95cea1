using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains.Tests;

/// <summary>What a worker asks while it runs (should it go on?) and what it says when it stops without failing
/// (here, take it back): the coordinator's side of stopping a shard or a hardening job within seconds.</summary>
public sealed class StoppingWorkTests(CoordinatorCluster cluster) : IClassFixture<CoordinatorCluster>
{
    async Task<ICampaignGrain> SubmitAsync()
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        var grain = cluster.Grains.GetGrain<ICampaignGrain>(id);
        Assert.True((await grain.SubmitAsync(new CampaignSubmission(Campaigns.Sweep, id))).Accepted);
        return grain;
    }

    [Fact]
    public async Task AShardIsHeldOnlyByItsSiloWhileTheCampaignRuns()
    {
        var grain = await SubmitAsync();
        var lease = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        Assert.True(await grain.HoldsAsync("silo-a", lease.ShardId));
        Assert.False(await grain.HoldsAsync("silo-b", lease.ShardId));
        Assert.False(await grain.HoldsAsync("silo-a", lease.ShardId + 1000));

        await grain.PauseAsync();
        Assert.False(await grain.HoldsAsync("silo-a", lease.ShardId), "a paused campaign's shards stop");
        await grain.ResumeAsync();
        Assert.True(await grain.HoldsAsync("silo-a", lease.ShardId));

        await grain.CancelAsync();
        Assert.False(await grain.HoldsAsync("silo-a", lease.ShardId), "a cancelled campaign's shards stop");
    }

    [Fact]
    public async Task AShardGivenBackGoesToTheNextSiloAtOnceWithoutCountingAFailure()
    {
        var grain = await SubmitAsync();
        var lease = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        await grain.ReleaseAsync("silo-b", lease.ShardId);   // not silo-b's: nothing happens
        Assert.True(await grain.HoldsAsync("silo-a", lease.ShardId));

        await grain.ReleaseAsync("silo-a", lease.ShardId);
        Assert.Equal(lease.ShardId, Assert.Single(await grain.LeaseAsync("silo-b", 1)).ShardId);
        var status = (await grain.GetStatusAsync())!;
        Assert.Equal((CampaignPhase.Running, 0L, null), (status.Phase, status.Releases, status.Failure));
    }

    [Fact]
    public async Task ALateFailureFromASiloThatLostTheLeaseLeavesTheNewHoldersLease()
    {
        var grain = await SubmitAsync();
        var lease = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        await grain.ReleaseAsync("silo-a", lease.ShardId);
        Assert.Single(await grain.LeaseAsync("silo-b", 1));
        await grain.FailAsync("silo-a", lease.ShardId, "out of memory", permanent: false);
        Assert.True(await grain.HoldsAsync("silo-b", lease.ShardId));
    }

    [Fact]
    public async Task ACancelledJobStopsItsSiloAndIsNeverLeasedAgain()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = await HardeningJobs.SubmitAsync(cluster, campaign);
        var id = job.GetPrimaryKeyString();
        Assert.NotNull(await job.LeaseAsync("silo-a"));

        var cancelled = (await job.CancelAsync())!;
        Assert.Equal(HardeningPhase.Cancelled, cancelled.Phase);
        Assert.NotNull(cancelled.Finished);
        Assert.False(await job.RenewAsync("silo-a", new HardeningProgressReport(3, 5, 0.2)), "the silo training it must learn to stop");
        Assert.Null(await job.LeaseAsync("silo-b"));
        Assert.False(await job.CompleteAsync("silo-a", HardeningJobs.Result()));
        Assert.Equal(HardeningPhase.Cancelled, (await job.CancelAsync())!.Phase);
        var registry = cluster.Grains.GetGrain<IHardeningRegistryGrain>(0);
        Assert.DoesNotContain(id, await registry.ActiveAsync());
        Assert.Equal(HardeningPhase.Cancelled, Assert.Single(await registry.ListAsync(), e => e.Id == id).Phase);
        Assert.Null(await cluster.Grains.GetGrain<IHardeningGrain>("no-such-job").CancelAsync());
    }

    [Fact]
    public async Task ACompletedJobStaysCompletedWhenCancelled()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = await HardeningJobs.SubmitAsync(cluster, campaign);
        Assert.NotNull(await job.LeaseAsync("silo-a"));
        Assert.True(await job.CompleteAsync("silo-a", HardeningJobs.Result()));
        Assert.Equal(HardeningPhase.Completed, (await job.CancelAsync())!.Phase);
    }

    [Fact]
    public async Task AJobGivenBackByAStoppingSiloIsPendingForTheNextSilo()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = await HardeningJobs.SubmitAsync(cluster, campaign);
        Assert.NotNull(await job.LeaseAsync("silo-a"));
        await job.ReleaseAsync("silo-b");   // not silo-b's
        Assert.Null(await job.LeaseAsync("silo-b"));
        await job.ReleaseAsync("silo-a");
        Assert.Equal(HardeningPhase.Pending, (await job.GetStatusAsync())!.Phase);
        var next = await job.LeaseAsync("silo-b");
        Assert.NotNull(next);
        Assert.Equal(2, next.Attempt);
    }
}
