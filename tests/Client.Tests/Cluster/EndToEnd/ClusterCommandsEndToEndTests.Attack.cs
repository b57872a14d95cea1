using System.Text.Json;

namespace Orleans.Noken.Client.Tests.Cluster.EndToEnd;

public sealed partial class ClusterCommandsEndToEndTests
{
    /// <summary>An attack campaign submitted to the cluster: its best unit is an elite like a sweep's best noken, and
    /// <c>noken replay UNIT_ID --campaign ID</c> fetches that unit's vectors from the store and re-decodes them.</summary>
    [Fact]
    public async Task AnAttackCampaignsEliteUnitReplaysFromTheCluster()
    {
        var spec = silo.WriteSpec("attack.yaml", """
            name: e2e-cluster-attack
            model: organism
            shard_size: 2
            attack:
              target: secret
              method: embedding
              constraint: none
              restarts: 1
              steps: 30
              seed: 7
            """);
        const string id = "e2e-cluster-attack";
        var submit = silo.Noken("submit", spec, "--id", id);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        await silo.WaitForAsync(id, s => s.GetProperty("phase").GetString() == "Completed", "completion", TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(Path.Combine(silo.CampaignFolder(id), "attack.json")));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(silo.CampaignFolder(id), "attacks"), "*.json").Length);

        var results = silo.Noken("results", id, "--top", "1", "--json");
        Assert.True(results.ExitCode == 0, results.ToString());
        var elite = Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(results.Stdout)!);
        Assert.Equal("planted:secret_leak", elite.GetProperty("label").GetString());
        var unitId = elite.GetProperty("nokenId").GetString()!;
        Assert.EndsWith("-attack/" + elite.GetProperty("index").GetInt64(), unitId);

        var replay = silo.Noken("replay", unitId, "--campaign", id);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("models/organism/aligned (the campaign's model)", replay.Stdout);
        Assert.Contains("ground truth (secret): fires", replay.Stdout);
        Assert.Contains("matches what the attack recorded for this unit", replay.Stdout);

        var missing = silo.Noken("replay", "000000099-attack/3", "--campaign", id);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.StartsWith($"error: attack campaign {id} has no shard 000000099-attack", missing.Stderr);
    }
}
