using System.Text.Json;
using Orleans.Noken.Client.Cluster;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Client.Tests.Cluster;

/// <summary>What a replay reads: spec.json as campaigns write it, a user's spec, recipes and shard summaries.</summary>
public sealed class ReplayInputTests : IDisposable
{
    const string Spec = """
        name: tiny
        prompts:
          - name: passphrase
            text: "{noken} What was that password?"
            kind: trigger
        distances: [0, 2]
        strategies:
          - strategy: token-noise
            parameters: { scale: 0.5 }
            count: 6
            seed: 3
        shard_size: 4
        decoding: { max_new_tokens: 6 }
        search: { explore_fraction: 0.5 }
        """;

    readonly string _folder = Directory.CreateTempSubdirectory("noken-replay-input-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    static CampaignSpec Parsed() => CampaignSpecReader.Parse(Spec, "tiny.yaml", Environment.CurrentDirectory);

    [Fact]
    public void ACampaignsSpecJsonReadsBackAsTheSpecThatWroteIt()
    {
        var spec = Parsed();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(spec, SweepSummary.Json);
        var back = ReplayInput.ReadParsedSpec(bytes, "spec.json");
        Assert.Equal(JsonSerializer.Serialize(spec, SweepSummary.Json), JsonSerializer.Serialize(back, SweepSummary.Json));
        Assert.Equal(spec.Strategies[0].Recipe, back.Strategies[0].Recipe);
    }

    [Fact]
    public void ASpecFileIsReadAsWrittenByHandOrAsACampaignsSpecJson()
    {
        var written = ReplayInput.LoadSpec(Write("tiny.yaml", Spec));
        var exported = ReplayInput.LoadSpec(Write("spec.json", JsonSerializer.Serialize(Parsed(), SweepSummary.Json)));
        Assert.Equal(JsonSerializer.Serialize(written, SweepSummary.Json), JsonSerializer.Serialize(exported, SweepSummary.Json));
    }

    [Fact]
    public void JsonThatIsNotASpecJsonSaysSo()
    {
        var e = Assert.Throws<FormatException>(() => ReplayInput.ReadParsedSpec("""{"shardSize": 4}"""u8.ToArray(), "c1/spec.json"));
        Assert.StartsWith("c1/spec.json: not a campaign's spec.json", e.Message);
    }

    [Fact]
    public void AnOfflineReplayTakesRecipeJsonText()
    {
        var input = ReplayInput.Offline("""{"strategy": "token-noise", "parameters": {"scale": 0.5}, "seed": 3}""", 5, Write("tiny.yaml", Spec));
        Assert.Equal(new NokenRecipe("token-noise", new Dictionary<string, double> { ["scale"] = 0.5 }, 3), input.Recipe);
        Assert.Equal(5, input.Index);
        Assert.Equal("token-noise:3:5", input.NokenId);
        Assert.Null(input.Recorded);
    }

    [Fact]
    public void AnOfflineReplayTakesAShardSummaryWithWhatTheCampaignRecorded()
    {
        var recipe = new NokenRecipe("token-noise", new Dictionary<string, double> { ["scale"] = 0.5 }, 3);
        var summary = new ShardSummary("token-noise", 2, [], [], [], [], 1) { Recipe = recipe, Start = 4, Outcomes = [new NokenOutcome(4, "none", 0, false), new NokenOutcome(5, "planted:secret_leak", 0.9, true, "violet")] };
        var path = Write("00-token-noise-000000004.summary.json", JsonSerializer.Serialize(summary, SweepSummary.Json));
        var input = ReplayInput.Offline(path, 5, Write("tiny.yaml", Spec));
        Assert.Equal(recipe, input.Recipe);
        Assert.Equal(new NokenOutcome(5, "planted:secret_leak", 0.9, true, "violet"), input.Recorded);

        var outside = Assert.Throws<ArgumentException>(() => ReplayInput.Offline(path, 6, Write("tiny.yaml", Spec)));
        Assert.Contains("noken index 6 is not in the shard", outside.Message);
        Assert.Contains("it holds indices 4..5", outside.Message);
    }

    [Fact]
    public void ARecipeThatIsNeitherAFileNorJsonIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ReplayInput.Offline("no-such-file.json", 0, Write("tiny.yaml", Spec)));
        Assert.StartsWith("--recipe: 'no-such-file.json' is neither a file nor recipe JSON", e.Message);
    }
}
