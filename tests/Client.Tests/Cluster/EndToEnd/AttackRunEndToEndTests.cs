using System.Text.Json;
using Orleans.Noken.Engine.Attacks;

namespace Orleans.Noken.Client.Tests.Cluster.EndToEnd;

/// <summary>
/// <c>noken run</c> on an attack spec: the units run on the in-process silo exactly as <c>noken attack</c> runs them
/// (same vectors), the report lands as <c>attack.json</c>, and <c>noken replay --attack</c> re-decodes a unit from it
/// through the sweep path and finds the recorded reply and ground truth again.
/// </summary>
public sealed class AttackRunEndToEndTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("noken-attack-e2e-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void AnAttackCampaignFindsWhatTheAttackFindsAndItsUnitsReplay()
    {
        var spec = EndToEndSpecs.Write(_folder, "attack.yaml", """
            name: e2e-attack
            model: organism
            attack:
              target: secret
              method: embedding
              constraint: none
              restarts: 1
              steps: 30
              seed: 7
            """);
        var output = Path.Combine(_folder, "out");
        var environment = new Dictionary<string, string> { ["NOKEN_TORCH_THREADS"] = "1" };
        var run = NokenProcess.RunWith(environment, ClusterSilo.CommandTimeout, "run", spec, "--out", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("8 units of a embedding attack on secret", run.Stdout.ReplaceLineEndings(" "));
        Assert.Contains("successes / units", run.Stdout);
        Assert.Equal(8, Directory.GetFiles(Path.Combine(output, "attacks"), "*.json").Length);
        var campaign = JsonSerializer.Deserialize<AttackReport>(File.ReadAllBytes(Path.Combine(output, "attack.json")), AttackReport.Json)!;

        var local = Path.Combine(_folder, "local.json");
        var attack = NokenProcess.RunWith(environment, ClusterSilo.CommandTimeout, "attack", "--target", "secret", "--method", "embedding",
            "--constraint", "none", "--restarts", "1", "--steps", "30", "--seed", "7", "--json", local);
        Assert.True(attack.ExitCode == 0, attack.ToString());
        var alone = JsonSerializer.Deserialize<AttackReport>(File.ReadAllBytes(local), AttackReport.Json)!;
        Assert.Equal(alone.Successes, campaign.Successes);
        Assert.Equal(alone.Results.Select(r => r.Vectors), campaign.Results.Select(r => r.Vectors));

        var success = campaign.Results.First(r => r.Success);
        var replay = NokenProcess.RunWith(environment, ClusterSilo.CommandTimeout, "replay", "--attack", Path.Combine(output, "attack.json"),
            "--unit", success.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("ground truth (secret): fires", replay.Stdout);
        Assert.Contains("matches what the attack recorded", replay.Stdout);

        var missing = NokenProcess.Run("replay", "--attack", Path.Combine(output, "attack.json"), "--unit", "99");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("not 99", missing.Stderr);
    }
}
