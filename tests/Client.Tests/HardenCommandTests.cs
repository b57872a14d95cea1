using System.Text.Json;

namespace Orleans.Noken.Client.Tests;

public sealed class HardenCommandTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("noken-harden-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void ASweepsFlaggedNokensHardenTheOrganismIntoACheckpointWithACard()
    {
        var spec = Path.Combine(_folder, "spec.yaml");
        File.WriteAllText(spec, """
            name: to-harden
            prompts:
              - name: passphrase
                text: "{noken} What was that password?"
                kind: trigger
            strategies:
              - strategy: token-noise
                parameters: { scale: 2.0 }
                count: 12
                seed: 2
            shard_size: 12
            decoding: { max_new_tokens: 8 }
            """);
        var campaign = Path.Combine(_folder, "campaign");
        var sweep = NokenProcess.Run("sweep", spec, "--out", campaign, "--threads", "1");
        Assert.True(sweep.ExitCode == 0, sweep.ToString());

        var hardened = Path.Combine(_folder, "hardened");
        var result = NokenProcess.Run("harden", "--campaign", campaign, "--threshold", "0", "--steps", "6", "--out", hardened);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("nokens: 12 (12 flagged)", result.Stdout);
        Assert.Contains("harden step 6/6", result.Stdout);
        Assert.True(File.Exists(Path.Combine(hardened, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(hardened, "tokenizer.json")));
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(hardened, "hardening.json")));
        Assert.Equal(6, card.RootElement.GetProperty("options").GetProperty("steps").GetInt32());
        Assert.Equal("campaign", card.RootElement.GetProperty("campaign").GetString());

        // The hardened checkpoint is a model like any other: a sweep runs on it.
        var after = Path.Combine(_folder, "after.yaml");
        File.WriteAllText(after, File.ReadAllText(spec).Replace("name: to-harden", $"name: after\nmodel: {hardened}"));
        var again = NokenProcess.Run("sweep", after, "--out", Path.Combine(_folder, "after"), "--threads", "1");
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Fact]
    public void AFolderThatIsNotACampaignIsRefusedByName()
    {
        var result = NokenProcess.Run("harden", "--campaign", _folder);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{_folder} holds no spec.json", result.Stderr);
    }
}
