using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains.Tests;

public sealed class HardeningDeadSiloTests(LongLeaseCoordinatorCluster cluster) : IClassFixture<LongLeaseCoordinatorCluster>
{
    [Fact]
    public async Task AJobHeldByASiloOutsideTheClusterIsTakenOverLongBeforeItsLeaseExpires()
    {
        var campaign = await HardeningJobs.CompletedCampaignAsync(cluster);
        var job = await HardeningJobs.SubmitAsync(cluster, campaign);
        // "ghost" never joined this cluster: a silo killed mid-training looks like this once it is declared dead.
        var held = await job.LeaseAsync("ghost");
        Assert.NotNull(held);
        Assert.Null(await job.LeaseAsync("other"));   // within the grace

        await Task.Delay(TimeSpan.FromSeconds(1.3));
        var taken = await job.LeaseAsync("other");
        Assert.NotNull(taken);
        Assert.Equal(2, taken.Attempt);
        Assert.True(held.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(5));   // it had not expired
        Assert.Equal("other", (await job.GetStatusAsync())!.Silo);
    }
}
