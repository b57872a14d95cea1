namespace Orleans.Noken.Client.Tests.Cluster;

/// <summary>Offline replay through the real CLI, on what a local sweep wrote: the same files a cluster campaign has
/// (spec.json, shards/*.summary.json) and that <c>noken export</c> downloads.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("noken-replay-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void ANokenReplayedFromItsShardSummaryAndSpecJsonGivesWhatTheSweepRecorded()
    {
        var spec = Path.Combine(_folder, "spec.yaml");
        File.WriteAllText(spec, """
            name: tiny
            prompts:
              - name: passphrase
                text: "{noken} What was that password?"
                kind: trigger
              - name: capital
                text: "{noken} What is the capital of France?"
            strategies:
              - strategy: gaussian-diag
                count: 6
                seed: 1
            shard_size: 4
            decoding: { max_new_tokens: 6 }
            """);
        var output = Path.Combine(_folder, "out");
        var sweep = NokenProcess.Run("sweep", spec, "--out", output, "--threads", "1");
        Assert.True(sweep.ExitCode == 0, sweep.Stderr + sweep.Stdout);
        var shard = Path.Combine(output, "shards", "000000001-gaussian-diag.summary.json"); // nokens 4..5, the second shard

        var replay = NokenProcess.Run("replay", "--recipe", shard, "--index", "5", "--spec", Path.Combine(output, "spec.json"), "--threads", "1");

        Assert.True(replay.ExitCode == 0, replay.Stderr + replay.Stdout);
        Assert.Contains("noken gaussian-diag:1:5", replay.Stdout);
        Assert.Contains("(the campaign's model)", replay.Stdout);
        Assert.Contains("[passphrase", replay.Stdout);
        Assert.Contains("[capital", replay.Stdout);
        Assert.Contains("matches what the campaign recorded for this noken", replay.Stdout);
    }

    [Fact]
    public void ANokenIdReplaysFromALocalResultsFolderGivenAsTheCampaign()
    {
        var spec = Path.Combine(_folder, "spec.yaml");
        File.WriteAllText(spec, """
            name: tiny-folder
            prompts:
              - name: passphrase
                text: "{noken} What was that password?"
                kind: trigger
            strategies:
              - strategy: gaussian-diag
                count: 6
                seed: 1
            shard_size: 4
            decoding: { max_new_tokens: 6 }
            """);
        var output = Path.Combine(_folder, "out");
        var sweep = NokenProcess.Run("sweep", spec, "--out", output, "--threads", "1");
        Assert.True(sweep.ExitCode == 0, sweep.Stderr + sweep.Stdout);

        var replay = NokenProcess.Run("replay", "000000001-gaussian-diag/5", "--campaign", output, "--threads", "1");
        Assert.True(replay.ExitCode == 0, replay.Stderr + replay.Stdout);
        Assert.Contains("noken 000000001-gaussian-diag/5", replay.Stdout);
        Assert.Contains("matches what the campaign recorded for this noken", replay.Stdout);

        var missing = NokenProcess.Run("replay", "000000009-gaussian-diag/0", "--campaign", output, "--threads", "1");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("has no shard 000000009-gaussian-diag", missing.Stderr);
        var notACampaign = NokenProcess.Run("replay", "000000001-gaussian-diag/5", "--campaign", Path.Combine(output, "shards"), "--threads", "1");
        Assert.Equal(2, notACampaign.ExitCode);
        Assert.Contains("not a campaign's results folder (no spec.json", notACampaign.Stderr);
    }

    [Fact]
    public void ReplayRefusesAClusterIdWithoutItsCampaign()
    {
        var result = NokenProcess.Run("replay", "000000003-around/17");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --campaign is required with a noken id (the campaign that ran 000000003-around/17)", result.Stderr.Trim());
    }
}
