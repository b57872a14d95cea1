using Orleans.Noken.Abstractions;
using Orleans.Noken.Results.Tests;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>The services under the cluster go away and come back mid-campaign; the silos wait, retry and carry on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ServiceRestartTests(AzuriteFixture azurite)
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public Task RestartingRedisMidCampaignLosesNothing() => SurviveAsync(services =>
    {
        services.Redis.Kill();
        Thread.Sleep(TimeSpan.FromSeconds(3));
        services.Redis.Restart();
    });

    [Fact]
    public Task RestartingTheBlobStoreMidCampaignLosesNothing() => SurviveAsync(_ => azurite.Restart(downtime: TimeSpan.FromSeconds(3)));

    /// <summary>Two silos run the fault campaign; at a third of the way <paramref name="outage"/> happens; the campaign
    /// must still complete with every result exactly once.</summary>
    async Task SurviveAsync(Action<ClusterServices> outage)
    {
        using var services = new ClusterServices(azurite);
        var silo = await services.StartSiloAsync("silo-1");
        await services.StartSiloAsync("silo-2");
        using var api = services.Api(silo);
        var id = (await api.SubmitAsync(FaultCampaign.Sweep)).Id;
        var before = await api.WaitAsync(id, s => s.Progress >= 0.3, Patience, services.Logs);
        Assert.True(before.Progress < 0.9, "the campaign was nearly over before the outage");

        outage(services);

        var done = await api.WaitAsync(id, s => s.Phase == CampaignPhase.Completed, Patience, services.Logs);
        Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");
        Assert.Equal(FaultCampaign.Budget, done.NokensDone);
        (await ResultAudit.ReadAsync(azurite.Service, services.Container, id)).AssertExactlyOnce(FaultCampaign.Budget, FaultCampaign.Prompts, done.ShardsDone);
    }
}
