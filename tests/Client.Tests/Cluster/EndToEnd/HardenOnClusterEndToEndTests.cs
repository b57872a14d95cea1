using Orleans.Noken.Engine.Hardening;

namespace Orleans.Noken.Client.Tests.Cluster.EndToEnd;

/// <summary><c>noken harden --campaign ID --on-cluster</c> as a user runs it: the real CLI against a real silo (folder
/// result store), the job trained on the silo, the checkpoint downloaded; the same command again finds the same job.</summary>
public sealed class HardenOnClusterEndToEndTests(ClusterSilo silo) : IClassFixture<ClusterSilo>
{
    [Fact]
    public void TheJobRunsOnTheSiloTheCheckpointIsDownloadedAndTheSameCommandFindsTheSameJob()
    {
        var (id, _, watch) = silo.Completed;
        Assert.True(watch.ExitCode == 0, watch + silo.Describe());
        var output = Path.Combine(silo.Folder, "hardened-" + Guid.NewGuid().ToString("N")[..8]);
        string[] arguments = ["harden", "--campaign", id, "--on-cluster", "--steps", "3", "--threshold", "0", "--max-nokens", "8", "--clean-weight", "0", "--out", output];

        var run = silo.Noken(arguments);
        Assert.True(run.ExitCode == 0, run + silo.Describe());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = lines[0];
        Assert.StartsWith($"hardening job {id}-h", first);
        var job = first["hardening job ".Length..first.IndexOf(' ', "hardening job ".Length)];
        Assert.EndsWith($"campaign {id}, 3 steps; checkpoint → folder {silo.Store} campaigns/{id}/hardened/{job}/", first);
        Assert.StartsWith("hardened on e2e-silo: KL on nokens ", lines[^1]);
        Assert.EndsWith($"→ {output}", lines[^1]);

        var card = HardeningCard.Read(output);
        Assert.Equal(id, card.Campaign);
        Assert.Equal(3, card.Options.Steps);
        var stored = Path.Combine(silo.CampaignFolder(id), "hardened", job);
        foreach (var file in Directory.GetFiles(stored))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(output, Path.GetFileName(file))));
        Assert.Contains("model.safetensors", Directory.GetFiles(output).Select(Path.GetFileName));

        // The same settings: the same job, already done; nothing trains again, the checkpoint is fetched again.
        var again = silo.Noken(arguments);
        Assert.True(again.ExitCode == 0, again + silo.Describe());
        Assert.StartsWith($"hardening job {job} ", again.Stdout);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(silo.Describe(), $"hardening job {job}: training against"));
    }

    [Fact]
    public void ACleanFileAnUnknownCampaignAndACampaignStillRunningAreRefused()
    {
        var clean = silo.Noken("harden", "--campaign", "whatever", "--on-cluster", "--clean", "mine.jsonl");
        Assert.Equal(2, clean.ExitCode);
        Assert.StartsWith("error: --clean names a file on this machine", clean.Stderr);

        var unknown = silo.Noken("harden", "--campaign", "no-such-campaign", "--on-cluster");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("campaign: no campaign with id 'no-such-campaign'", unknown.Stderr);

        var big = silo.WriteSpec("big.yaml", EndToEndSpecs.Tiny("still-running", perStrategy: 100_000));
        Assert.Equal(0, silo.Noken("submit", big, "--id", "still-running").ExitCode);
        var running = silo.Noken("harden", "--campaign", "still-running", "--on-cluster");
        silo.Noken("cancel", "still-running");
        Assert.Equal(2, running.ExitCode);
        Assert.StartsWith("error: the cluster refused the hardening job (1 problem(s)):", running.Stderr);
        Assert.Contains("campaign: 'still-running' is Running; only a Completed campaign can be hardened against", running.Stderr);
    }
}
