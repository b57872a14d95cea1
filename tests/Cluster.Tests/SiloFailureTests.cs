using Orleans.Noken.Abstractions;
using Orleans.Noken.Results.Tests;
using Xunit.Abstractions;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>Silos are processes and die as processes do (SIGKILL); the campaign must not notice beyond a delay.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFailureTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task KillingOneSiloOfTwoMidCampaignLosesNothingAndCountsNothingTwice()
    {
        using var services = new ClusterServices(azurite);
        var first = await services.StartSiloAsync("silo-1");
        var second = await services.StartSiloAsync("silo-2");
        using var api = services.Api(second);
        // Longer replies make shards long enough that the kill lands inside one: with 8 tokens an idle machine ran a
        // shard in a blink and silo-1 could die between leases, so nothing was re-leased.
        var submitted = await api.SubmitAsync(FaultCampaign.Sweep.Replace("max_new_tokens: 8", "max_new_tokens: 32"));

        // Kill silo-1 once it has done real work, so it dies holding a lease.
        await api.WaitAsync(submitted.Id, s => s.Silos.Any(x => x.Silo == "silo-1" && x.Shards >= 2) && s.Progress >= 0.25, Patience, services.Logs);
        first.Kill();

        var done = await api.WaitAsync(submitted.Id, s => s.Phase == CampaignPhase.Completed, Patience, services.Logs);
        Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");
        Assert.Equal(FaultCampaign.Budget, done.NokensDone);
        Assert.True(done.Releases >= 1, "the killed silo's lease should have gone to the other silo");
        var audit = await ResultAudit.ReadAsync(azurite.Service, services.Container, submitted.Id);
        audit.AssertExactlyOnce(FaultCampaign.Budget, FaultCampaign.Prompts, done.ShardsDone);
    }

    [Fact]
    public async Task KillingEverySiloHalfWayAndStartingThemAgainResumesTheCampaignWithItsElites()
    {
        using var services = new ClusterServices(azurite);
        var silos = new[] { await services.StartSiloAsync("silo-1"), await services.StartSiloAsync("silo-2") };
        string id;
        CampaignStatus before;
        IReadOnlyList<EliteView> elitesBefore;
        using (var api = services.Api(silos[0]))
        {
            id = (await api.SubmitAsync(FaultCampaign.Adaptive)).Id;
            await api.WaitAsync(id, s => s.Progress >= 0.5, Patience, services.Logs);
            elitesBefore = await api.ElitesAsync(id);
            before = await api.StatusAsync(id);
        }
        foreach (var silo in silos) silo.Kill();
        Assert.NotEqual(CampaignPhase.Completed, before.Phase);
        Assert.NotEmpty(elitesBefore);

        // New processes, same cluster: nobody resubmits anything; the silos find the running campaign themselves.
        // silo-3 joins once it has declared the killed silos dead, which it does as soon as their entries go stale
        // (ClusterServices sets how soon); a silo that cannot join exits, which ends the wait at once.
        var restarted = await services.StartSiloAsync("silo-3");
        var next = await services.StartSiloAsync("silo-4");
        output.WriteLine($"after the kill: silo-3 healthy in {restarted.StartupTime}, silo-4 in {next.StartupTime}");
        using var after = services.Api(restarted);
        var resumed = await after.StatusAsync(id);
        Assert.True(resumed.NokensDone >= before.NokensDone, $"lost progress: {resumed.NokensDone} < {before.NokensDone}");
        AssertArchiveNoWorse(elitesBefore, await after.ElitesAsync(id));

        var done = await after.WaitAsync(id, s => s.Phase == CampaignPhase.Completed, Patience, services.Logs);
        Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");
        Assert.Equal(FaultCampaign.Budget, done.NokensDone);
        Assert.True(done.ExploitShards > 0, "the adaptive campaign never exploited");
        var elitesAfter = await after.ElitesAsync(id);
        AssertArchiveNoWorse(elitesBefore, elitesAfter);
        var audit = await ResultAudit.ReadAsync(azurite.Service, services.Container, id);
        audit.AssertExactlyOnce(FaultCampaign.Budget, FaultCampaign.Prompts, done.ShardsDone);

        // Under target_likelihood the likelihood guides the search and ground truth decides hits: the campaign's hits
        // are exactly the nokens with a planted outcome in the stored rows, and every class is an outcome class,
        // never a detector label (which is what the unwanted-score objective would report).
        var plantedNokens = audit.Rows.Where(r => r.Planted.Length > 0).Select(r => r.NokenId).Distinct().Count();
        Assert.Equal(plantedNokens, done.Hits.Values.Sum());
        Assert.All(done.Hits.Keys, label => Assert.True(Engine.Outcomes.OutcomeClass.IsPlanted(label), label));
        Assert.All(elitesAfter, e => Assert.True(
            Engine.Outcomes.OutcomeClass.IsPlanted(e.Label) || Engine.Outcomes.OutcomeClass.Structural.Contains(e.Label), e.Label));
        Assert.All(audit.Rows, r => Assert.False(double.IsNaN(r.TargetLogProb) && r.Prompt == "passphrase", "the target prompt's rows carry its log-prob"));
    }

    /// <summary>The archive keeps the best k per class, so it can only improve: after a restart every class seen
    /// before is still there with at least as many elites, and its i-th best is at least as good as its i-th best was.
    /// (Not "its worst is no worse": a class below k elites rightly takes in a weaker find.)</summary>
    static void AssertArchiveNoWorse(IReadOnlyList<EliteView> before, IReadOnlyList<EliteView> after)
    {
        foreach (var group in before.GroupBy(e => e.Label))
        {
            var then = group.Select(e => e.Score).OrderDescending().ToList();
            var now = after.Where(e => e.Label == group.Key).Select(e => e.Score).OrderDescending().ToList();
            Assert.True(now.Count >= then.Count, $"class {group.Key}: {now.Count} elites after, {then.Count} before");
            for (int i = 0; i < then.Count; i++)
                Assert.True(now[i] >= then[i], $"class {group.Key}: its #{i + 1} elite scored {then[i]} before, {now[i]} after");
        }
    }
}
