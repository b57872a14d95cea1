using System.Text.Json;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Grains.Tests;

public sealed class CampaignGrainTests(CoordinatorCluster cluster) : IClassFixture<CoordinatorCluster>
{
    static string NewId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    async Task<ICampaignGrain> SubmitAsync(string spec, string? id = null)
    {
        id ??= NewId();
        var grain = cluster.Grains.GetGrain<ICampaignGrain>(id);
        var outcome = await grain.SubmitAsync(new CampaignSubmission(spec, id));
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Problems));
        return grain;
    }

    [Fact]
    public async Task ABadSpecIsRefusedWithEveryProblemAndLeavesNoCampaign()
    {
        var id = NewId();
        var grain = cluster.Grains.GetGrain<ICampaignGrain>(id);
        var bad = Campaigns.Sweep.Replace("count: 25", "count: 0").Replace("strategy: init", "strategy: no-such-strategy");
        var outcome = await grain.SubmitAsync(new CampaignSubmission(bad, id));
        Assert.False(outcome.Accepted);
        Assert.Contains(outcome.Problems, p => p.StartsWith("strategies[0].count", StringComparison.Ordinal));
        Assert.Contains(outcome.Problems, p => p.StartsWith("strategies[1].strategy", StringComparison.Ordinal));
        Assert.Null(await grain.GetStatusAsync());
        Assert.DoesNotContain(await cluster.Grains.GetGrain<ICampaignRegistryGrain>(0).ListAsync(), c => c.Id == id);
    }

    [Fact]
    public async Task LeasesCoverTheBudgetExactlyOnceAndTheCampaignCompletesWithItsSummary()
    {
        var grain = await SubmitAsync(Campaigns.Sweep);
        var leases = new List<ShardLease>();
        for (int turn = 0; ; turn++)
        {
            var silo = turn % 2 == 0 ? "silo-a" : "silo-b";
            var granted = await grain.LeaseAsync(silo, 1);
            if (granted.Count == 0) break;
            leases.AddRange(granted);
            Assert.True(await Campaigns.CompleteAsync(cluster, silo, granted[0]));
        }

        // Per strategy, the issued index ranges tile 0..count exactly: nothing twice, nothing missing.
        var byStrategy = leases.GroupBy(l => JsonDocument.Parse(l.Recipe).RootElement.GetProperty("strategy").GetString()!);
        foreach (var group in byStrategy)
        {
            long next = 0;
            foreach (var lease in group.OrderBy(l => l.Start)) { Assert.Equal(next, lease.Start); next += lease.Count; }
            Assert.Equal(group.Key == "gaussian-diag" ? 25 : 15, next);
        }
        Assert.Equal(leases.Count, leases.Select(l => l.Stem).Distinct().Count());

        var status = (await grain.GetStatusAsync())!;
        Assert.Equal(CampaignPhase.Completed, status.Phase);
        Assert.Equal(40, status.NokensDone);
        Assert.Equal(leases.Count, status.ShardsDone);
        Assert.Equal(40, status.Labels["none"]);
        Assert.Equal(2, status.Silos.Count);
        var summary = JsonSerializer.Deserialize<SweepSummary>(
            await Results.ResultStoreExtensions.ReadRequiredAsync(cluster.Storage.Store, cluster.Storage.PathsOf(status.Id).Summary), SweepSummary.Json)!;
        Assert.Equal(40, summary.Nokens);
        var entry = Assert.Single(await cluster.Grains.GetGrain<ICampaignRegistryGrain>(0).ListAsync(), c => c.Id == status.Id);
        Assert.Equal(CampaignPhase.Completed, entry.Phase);
        Assert.DoesNotContain(status.Id, await cluster.Grains.GetGrain<ICampaignRegistryGrain>(0).RunningAsync());
    }

    [Fact]
    public async Task ExpiredLeaseIsReissuedToAnotherSiloAndOnlyTheFirstReportCounts()
    {
        var grain = await SubmitAsync(Campaigns.Sweep);
        var first = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        var other = Assert.Single(await grain.LeaseAsync("silo-b", 1));
        Assert.NotEqual(first.ShardId, other.ShardId);

        await Task.Delay(CoordinatorCluster.LeaseDuration + TimeSpan.FromMilliseconds(300));
        var reissued = await grain.LeaseAsync("silo-b", 2);
        Assert.Contains(reissued, l => l.ShardId == first.ShardId && l.Stem == first.Stem && l.Recipe == first.Recipe);
        Assert.Equal(2, (await grain.GetStatusAsync())!.Releases);   // both expired: a's and b's first

        Assert.True(await Campaigns.CompleteAsync(cluster, "silo-b", reissued.Single(l => l.ShardId == first.ShardId)));
        // silo-a was only slow, not dead: its late report of the same shard counts nothing.
        Assert.False(await Campaigns.CompleteAsync(cluster, "silo-a", first));
        Assert.Equal(first.Count, (await grain.GetStatusAsync())!.NokensDone);
    }

    [Fact]
    public async Task ARenewedLeaseIsNotReissued()
    {
        var grain = await SubmitAsync(Campaigns.Sweep);
        var held = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        for (int i = 0; i < 4; i++)
        {
            await Task.Delay(CoordinatorCluster.LeaseDuration / 3);
            Assert.Empty(await grain.RenewAsync("silo-a", [held.ShardId]));
        }
        var others = await grain.LeaseAsync("silo-b", 10);
        Assert.DoesNotContain(others, l => l.ShardId == held.ShardId);
        // A silo cannot renew a shard it does not hold.
        Assert.Equal([held.ShardId], await grain.RenewAsync("silo-b", [held.ShardId]));
    }

    [Fact]
    public async Task APausedCampaignIssuesNothingUntilResumedAndACancelledOneNothingEver()
    {
        var grain = await SubmitAsync(Campaigns.Sweep);
        Assert.Equal(CampaignPhase.Paused, (await grain.PauseAsync())!.Phase);
        Assert.Empty(await grain.LeaseAsync("silo-a", 1));
        Assert.Equal(CampaignPhase.Running, (await grain.ResumeAsync())!.Phase);
        var lease = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        Assert.Equal(CampaignPhase.Cancelled, (await grain.CancelAsync())!.Phase);
        Assert.Empty(await grain.LeaseAsync("silo-a", 1));
        Assert.False(await Campaigns.CompleteAsync(cluster, "silo-a", lease));
        Assert.Equal(CampaignPhase.Cancelled, (await grain.ResumeAsync())!.Phase);
    }

    [Fact]
    public async Task APermanentFailureFailsTheCampaignWithItsReasonAndResumeCarriesOn()
    {
        var grain = await SubmitAsync(Campaigns.Sweep);
        var lease = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        await grain.FailAsync("silo-a", lease.ShardId, "config.json is missing in /models/x", permanent: true);
        var failed = (await grain.GetStatusAsync())!;
        Assert.Equal(CampaignPhase.Failed, failed.Phase);
        Assert.Contains("config.json is missing", failed.Failure);
        Assert.Empty(await grain.LeaseAsync("silo-b", 1));

        Assert.Equal(CampaignPhase.Running, (await grain.ResumeAsync())!.Phase);
        var again = await grain.LeaseAsync("silo-b", 1);
        Assert.Equal(lease.ShardId, Assert.Single(again).ShardId);   // the failed shard is not lost
    }

    [Fact]
    public async Task AShardThatKeepsFailingFailsTheCampaignAfterTheLimit()
    {
        var grain = await SubmitAsync(Campaigns.Sweep);
        var lease = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        await grain.FailAsync("silo-a", lease.ShardId, "out of memory", permanent: false);
        Assert.Equal(CampaignPhase.Running, (await grain.GetStatusAsync())!.Phase);
        // A transient failure gives the shard straight back.
        Assert.Equal(lease.ShardId, (await grain.LeaseAsync("silo-b", 1)).Single().ShardId);
        await grain.FailAsync("silo-b", lease.ShardId, "out of memory", permanent: false);
        var status = (await grain.GetStatusAsync())!;
        Assert.Equal(CampaignPhase.Failed, status.Phase);
        Assert.Contains($"shard {lease.ShardId} failed 2 times", status.Failure);
    }

    [Fact]
    public async Task AnAdaptiveCampaignSamplesAroundItsFirstHit()
    {
        var grain = await SubmitAsync(Campaigns.Adaptive(explore: 0));
        var first = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        Assert.True(await Campaigns.CompleteAsync(cluster, "silo-a", first, hitIndex: 3));

        var next = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        Assert.EndsWith("-around", next.Stem);
        using var recipe = JsonDocument.Parse(next.Recipe);
        Assert.Equal(first.Start + 3, recipe.RootElement.GetProperty("parameters").GetProperty("centre_index").GetDouble());
        var status = (await grain.GetStatusAsync())!;
        Assert.Equal(1, status.Hits["secret"]);
        Assert.Equal(1, status.ExploitShards);
        var elite = (await grain.GetElitesAsync())[0];
        Assert.Equal($"{first.Stem}/{first.Start + 3}", elite.NokenId);
        Assert.Equal("violet-anchor-93", elite.Continuation);
    }

    [Fact]
    public async Task TheElitesFileOfAFinishedCampaignCarriesEachElitesVector()
    {
        var grain = await SubmitAsync(Campaigns.Adaptive(explore: 1));
        string? hitId = null;
        while ((await grain.LeaseAsync("silo-a", 1)).SingleOrDefault() is { } lease)
        {
            Assert.True(await Campaigns.CompleteAsync(cluster, "silo-a", lease, hitIndex: hitId is null ? 2 : null));
            hitId ??= $"{lease.Stem}/{lease.Start + 2}";
        }
        var status = (await grain.GetStatusAsync())!;
        Assert.Equal(CampaignPhase.Completed, status.Phase);
        var file = await Results.ResultStoreExtensions.ReadRequiredAsync(cluster.Storage.Store, cluster.Storage.PathsOf(status.Id).Elite("elites.json"));
        var elites = JsonSerializer.Deserialize<List<Engine.Search.EliteRecord>>(file, Engine.Search.SearchState.Json)!;
        var hit = Assert.Single(elites, e => e.NokenId == hitId);
        Assert.Equal(Campaigns.HitVector, hit.Vector);
        Assert.Equal("secret", hit.Label);
    }

    [Fact]
    public async Task ResubmittingTheSameSpecResumesAndADifferentSpecUnderTheSameIdIsRefused()
    {
        var id = NewId();
        var grain = await SubmitAsync(Campaigns.Sweep, id);
        var lease = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        Assert.True(await Campaigns.CompleteAsync(cluster, "silo-a", lease));

        var again = await grain.SubmitAsync(new CampaignSubmission(Campaigns.Sweep, id));
        Assert.True(again.Accepted);
        Assert.Equal(lease.Count, again.Status!.NokensDone);
        var different = await grain.SubmitAsync(new CampaignSubmission(Campaigns.Sweep.Replace("seed: 1", "seed: 9"), id));
        Assert.False(different.Accepted);
        Assert.Contains("already exists with a different spec", Assert.Single(different.Problems));
    }

    [Fact]
    public async Task AReportWithTheWrongNumberOfOutcomesIsRefusedAndTheShardStaysOpen()
    {
        var grain = await SubmitAsync(Campaigns.Sweep);
        var lease = Assert.Single(await grain.LeaseAsync("silo-a", 1));
        var report = new ShardReport(lease.ShardId, [new OutcomeReport(lease.Start, "none", 0, null)], new Dictionary<string, int> { ["none"] = 1 }, 0.1);
        Assert.False(await grain.CompleteAsync("silo-a", report));
        Assert.Equal(0, (await grain.GetStatusAsync())!.NokensDone);
        Assert.True(await Campaigns.CompleteAsync(cluster, "silo-a", lease));
    }

    [Fact]
    public async Task AnUnknownCampaignHasNoStatusAndIssuesNothing()
    {
        var grain = cluster.Grains.GetGrain<ICampaignGrain>(NewId());
        Assert.Null(await grain.GetStatusAsync());
        Assert.Null(await grain.PauseAsync());
        Assert.Empty(await grain.LeaseAsync("silo-a", 1));
        Assert.Empty(await grain.GetElitesAsync());
    }
}
