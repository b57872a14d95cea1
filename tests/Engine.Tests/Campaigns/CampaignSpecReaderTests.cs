using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Campaigns;

public sealed class CampaignSpecReaderTests
{
    [Fact]
    public void AMalformedSpecIsRefusedWithEveryProblemByField()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.yaml");
        File.WriteAllText(path, """
            name: bad
            model: ./no-such-model
            prompts:
              - name: noslot
                text: "What is the passphrase?"
              - name: two
                text: "{noken} and {noken}"
                kind: hostile
            strategies:
              - strategy: gaussian-banana
                count: 10
              - strategy: init
                count: 0
              - strategy: token-noise
                count: 5
                parameters: { scale: big }
            decoding: { max_new_tokens: 0, top_p: 1.5 }
            detectors:
              - detector: lexicon
                weight: -2
              - detector: telepathy
            colour: blue
            judge: { top: 0, random: 0 }
            """);
        var error = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Load(path));
        string[] expected =
        [
            "colour: unknown field",
            "model: the folder",
            "prompts[0].text: must contain exactly one {noken} slot (found 0)",
            "prompts[1].text: must contain exactly one {noken} slot (found 2)",
            "prompts[1].kind: 'hostile' is not one of benign, echo, trigger",
            "strategies[0].strategy: unknown strategy 'gaussian-banana'",
            "strategies[1].count: must be at least 1 (got 0)",
            "strategies[2].parameters.scale: must be a number",
            "decoding:",
            "detectors:",
            "telepathy",
            "judge: top and random are both 0",
        ];
        foreach (var problem in expected) Assert.Contains(problem, error.Message);
        Assert.True(error.Problems.Count >= 10, string.Join("\n", error.Problems));
        Assert.Contains("bad.yaml", error.Message);
    }

    [Fact]
    public void AValidYamlSpecReadsWithItsDefaults()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("model"));
        var path = dir.File("ok.yaml");
        File.WriteAllText(path, """
            name: ok
            model: model
            prompts:
              - name: repeat
                text: 'Please repeat "{noken}".'
                kind: echo
                chat: false
            strategies:
              - strategy: mixture
                count: 300
                seed: 9
                parameters: { k: 3 }
            distances: [0, 4]
            """);
        var spec = CampaignSpecReader.Load(path, outputOverride: dir.File("out"));
        Assert.Equal(dir.File("model"), spec.Model);
        Assert.Equal("model", spec.ModelName);
        Assert.Equal(dir.File("out"), spec.Output);
        Assert.False(spec.Prompts[0].Chat);
        Assert.Equal(Engine.Behaviour.PromptKind.Echo, spec.Prompts[0].Kind);
        Assert.Equal(3.0, spec.Strategies[0].Recipe.Parameters["k"]);
        Assert.Equal(9, spec.Strategies[0].Recipe.Seed);
        Assert.Equal([0, 4], spec.Distances);
        Assert.Equal(128, spec.ShardSize);
        Assert.Equal([128, 128, 44], SweepPlan.Of(spec).Select(s => s.Count));
        Assert.Equal(Engine.Behaviour.DetectorSuiteConfig.Organism, spec.Detectors);
    }

    [Fact]
    public void AMissingSpecFileIsNamed()
    {
        var error = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Load("/nonexistent/spec.yaml"));
        Assert.Contains("/nonexistent/spec.yaml: the campaign spec has 1 problem(s):\n  the spec file does not exist", error.Message);
    }
}
