using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains.Tests;

public sealed class DeadSiloLeaseTests(LongLeaseCoordinatorCluster cluster) : IClassFixture<LongLeaseCoordinatorCluster>
{
    [Fact]
    public async Task ALeaseHeldByASiloOutsideTheClusterGoesBackLongBeforeItExpires()
    {
        var id = "dead-" + Guid.NewGuid().ToString("N")[..12];
        var grain = cluster.Grains.GetGrain<ICampaignGrain>(id);
        Assert.True((await grain.SubmitAsync(new CampaignSubmission(Campaigns.Sweep, id))).Accepted);
        // "ghost" never joined this cluster: a silo killed before a restart of the whole cluster looks like this.
        var held = Assert.Single(await grain.LeaseAsync("ghost", 1));
        Assert.DoesNotContain(await grain.LeaseAsync("other", 4), l => l.ShardId == held.ShardId);   // within the grace

        await Task.Delay(TimeSpan.FromSeconds(1.3));
        var reissued = await grain.LeaseAsync("other", 1);
        Assert.Equal(held.ShardId, Assert.Single(reissued).ShardId);
        Assert.True(held.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(5));   // it had not expired
        Assert.Equal(1, (await grain.GetStatusAsync())!.Releases);
    }
}
