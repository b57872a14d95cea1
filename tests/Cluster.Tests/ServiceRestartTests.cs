using Orleans.Noken.Abstractions;
using Orleans.Noken.Results.Tests;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>The services under the cluster go away and come back mid-campaign; the silos wait, retry and carry on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ServiceRestartTests(AzuriteFixture azurite)
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task RestartingRedisMidCampaignLosesNothing()
    {
        using var services = new ClusterServices(azurite);
        var silo = await services.StartSiloAsync("silo-1");
        await services.StartSiloAsync("silo-2");
        using var api = services.Api(silo);
        var id = (await api.SubmitAsync(FaultCampaign.Sweep)).Id;
        var before = await api.WaitAsync(id, s => s.Progress >= 0.3, Patience, services.Logs);
        Assert.True(before.Progress < 0.9, "the campaign was nearly over before the outage");

        services.Redis.Kill();
        await Task.Delay(TimeSpan.FromSeconds(3));
        services.Redis.Restart();

        var done = await api.WaitAsync(id, s => s.Phase == CampaignPhase.Completed, Patience, services.Logs);
        Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");
        Assert.Equal(FaultCampaign.Budget, done.NokensDone);
        (await ResultAudit.ReadAsync(azurite.Service, services.Container, id)).AssertExactlyOnce(FaultCampaign.Budget, FaultCampaign.Prompts, done.ShardsDone);
    }

    [Fact]
    public async Task RestartingTheBlobStoreMidCampaignLosesNothing()
    {
        using var services = new ClusterServices(azurite);
        var silo = await services.StartSiloAsync("silo-1");
        await services.StartSiloAsync("silo-2");
        using var api = services.Api(silo);
        var id = (await api.SubmitAsync(FaultCampaign.Sweep)).Id;
        var before = await api.WaitAsync(id, s => s.Progress >= 0.3, Patience, services.Logs);
        Assert.True(before.Progress < 0.9, "the campaign was nearly over before the outage");

        azurite.Restart(downtime: TimeSpan.FromSeconds(3));

        var done = await api.WaitAsync(id, s => s.Phase == CampaignPhase.Completed, Patience, services.Logs);
        Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");
        Assert.Equal(FaultCampaign.Budget, done.NokensDone);
        (await ResultAudit.ReadAsync(azurite.Service, services.Container, id)).AssertExactlyOnce(FaultCampaign.Budget, FaultCampaign.Prompts, done.ShardsDone);
    }
}
