using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Attacks.Campaign;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Outcomes;
using Orleans.Noken.Results.Tests;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// An attack scales out like a sweep: its units are leased to two silo processes, one of which is killed mid-campaign,
/// and still every unit lands once, the campaign's report counts each once, and every unit found exactly the vectors
/// this process finds running the same attack on its own — the unit index and the spec are the whole recipe.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AttackCampaignTests(AzuriteFixture azurite)
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    const string Spec = """
        name: cluster-attack
        model: organism
        attack:
          target: secret
          method: embedding
          constraint: none
          restarts: 2
          steps: 30
          seed: 7
        """;

    static readonly AttackOptions Options = new(AttackMethod.Embedding, AttackConstraint.None, Restarts: 2, Steps: 30, Seed: 7);

    [Fact]
    public async Task TwoSilosRunEveryUnitOnceAsOneProcessWouldEvenWhenOneIsKilled()
    {
        using var services = new ClusterServices(azurite);
        var first = await services.StartSiloAsync("silo-1");
        var second = await services.StartSiloAsync("silo-2");
        using var api = services.Api(second);
        var id = (await api.SubmitAsync(Spec)).Id;
        await api.WaitAsync(id, s => s.Silos.Any(x => x.Silo == "silo-1" && x.Shards >= 2), Patience, services.Logs);
        first.Kill();

        var done = await api.WaitAsync(id, s => s.Phase == CampaignPhase.Completed, Patience, services.Logs);
        Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");
        var goal = AttackGoal.Parse("secret");
        int units = AttackRun.UnitCount(goal, Options);
        Assert.Equal(units, done.NokensDone);

        var container = azurite.Service.GetBlobContainerClient(services.Container);
        var shards = new List<AttackShardFile>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"campaigns/{id}/attacks/", default))
            shards.Add(AttackShardFile.FromUtf8((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray(), blob.Name));
        Assert.Equal(Enumerable.Range(0, units), shards.SelectMany(s => s.Results).Select(r => r.Index).Order());
        var report = (await container.GetBlobClient($"campaigns/{id}/attack.json").DownloadContentAsync()).Value.Content
            .ToObjectFromJson<AttackReport>(AttackReport.Json)!;
        Assert.Equal(units, report.Units);
        Assert.Equal(report.Successes, done.Hits.GetValueOrDefault(OutcomeClass.Planted("secret_leak")));
        Assert.True(report.Successes > 0, "the unconstrained attack leaked the secret on no unit");

        using var organism = ModelLoader.Load(Path.Combine(AppContext.BaseDirectory, "models", "organism", "aligned"));
        var alone = AttackRun.Execute(organism, goal, Options);
        foreach (var (mine, theirs) in alone.Results.Zip(report.Results))
        {
            Assert.Equal(mine.Index, theirs.Index);
            Assert.Equal(mine.Success, theirs.Success);
            Assert.Equal(mine.Vectors, theirs.Vectors);
        }
    }
}
