using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains.Tests;

/// <summary>Source campaigns for hardening jobs: completed as a worker would complete them (files and reports), minus the model.</summary>
public static class HardeningJobs
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    public static async Task<string> CompletedCampaignAsync(CoordinatorCluster cluster)
    {
        var id = NewId("src");
        var grain = cluster.Grains.GetGrain<ICampaignGrain>(id);
        Assert.True((await grain.SubmitAsync(new CampaignSubmission(Campaigns.Sweep, id))).Accepted);
        while ((await grain.LeaseAsync("silo-w", 1)) is [var lease])
            Assert.True(await Campaigns.CompleteAsync(cluster, "silo-w", lease, hitIndex: 0));
        Assert.Equal(CampaignPhase.Completed, (await grain.GetStatusAsync())!.Phase);
        return id;
    }

    public static async Task<IHardeningGrain> SubmitAsync(CoordinatorCluster cluster, string campaign, int steps = 5)
    {
        var id = NewId("job");
        var job = cluster.Grains.GetGrain<IHardeningGrain>(id);
        var outcome = await job.SubmitAsync(new HardeningSubmission(campaign, Steps: steps));
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Problems));
        return job;
    }

    public static HardeningResult Result(int steps = 5) => new(steps, 0.5, 0.1, 2.0, 1.9, 3.0, ["config.json", "hardening.json", "model.safetensors"]);
}
