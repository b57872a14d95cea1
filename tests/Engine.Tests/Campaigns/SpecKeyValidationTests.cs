using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Campaigns;

/// <summary>A misspelt key anywhere in a spec is refused with the name it most likely meant, every one at once, in
/// YAML as in JSON; a strategy parameter the strategy does not take is refused like a misspelt key.</summary>
public sealed class SpecKeyValidationTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public SpecKeyValidationTests() => Directory.CreateDirectory(_dir.File("model"));

    public void Dispose() => _dir.Dispose();

    IReadOnlyList<string> Problems(string text) =>
        Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Parse(text, "spec", _dir.Path, _dir.File("out"))).Problems;

    const string Valid = """
        model: model
        prompts: [{ name: p, text: "{noken} Hi." }]
        strategies: [{ strategy: token-noise, count: 4, parameters: { scale: 0.5, token: 3 } }]
        """;

    [Fact]
    public void AMisspeltNestedFieldIsRefusedWithTheClosestKnownName()
    {
        var problems = Problems(Valid + "\ndecoding: { temprature: 0.7 }\n");
        Assert.Equal("decoding.temprature: unknown field; did you mean 'temperature'? (known: max_new_tokens, temperature, top_p, seed)", Assert.Single(problems));
    }

    [Fact]
    public void AFieldCloseToNothingIsRefusedWithoutAGuess()
    {
        var problem = Assert.Single(Problems(Valid + "\ncolour: blue\n"));
        Assert.StartsWith("colour: unknown field (known: $schema, name, model, output, prompts,", problem);
    }

    /// <summary>One misspelling in every section the reader accepts: each is reported, and all of them in one answer.</summary>
    public const string MisspeltEverywhere = """
        nmae: everywhere
        model: model
        prompts: [{ name: p, text: "{noken} Hi.", knd: trigger }]
        distances: [0]
        strategies:
          - { strategy: token-noise, count: 4, sede: 1, parameters: { scal: 0.5 } }
          - { strategy: gaussian-diag, count: 4, parameters: { scale: 5.0 } }
        decoding: { max_new_token: 8 }
        detectors: [{ detector: lexicon, wieght: 2, parameters: { words: [x] } }, { detector: evasion, parameters: { windw: 80 } }]
        judge: { top: 1, randm: 2 }
        search: { explore_fracton: 0.5 }
        injection: { layr: 1 }
        control_token: 3
        ground_truth: { plantd: organism }
        """;

    static readonly string[] EveryMisspelling =
    [
        "nmae: unknown field; did you mean 'name'?",
        "prompts[0].knd: unknown field; did you mean 'kind'?",
        "strategies[0].sede: unknown field; did you mean 'seed'?",
        "strategies[0].parameters.scal: unknown parameter for strategy 'token-noise'; did you mean 'scale'? (known: scale, token)",
        "strategies[1].parameters.scale: unknown parameter for strategy 'gaussian-diag' (known: none)",
        "decoding.max_new_token: unknown field; did you mean 'max_new_tokens'?",
        "detectors[0].wieght: unknown field; did you mean 'weight'? (known: detector, label, weight, threshold, parameters)",
        "detectors: detector suite is invalid:\n  - detector 'evasion': unknown parameter 'windw'; did you mean 'window'? (known: answeredOverlap, phrases, window)",
        "judge.randm: unknown field; did you mean 'random'?",
        "search.explore_fracton: unknown field; did you mean 'explore_fraction'?",
        "injection.layr: unknown field; did you mean 'layer'?",
        "ground_truth.plantd: unknown field; did you mean 'planted'?",
    ];

    [Fact]
    public void EveryMisspeltSectionIsReportedAtOnce()
    {
        var problems = Problems(MisspeltEverywhere);
        foreach (var expected in EveryMisspelling) Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
        Assert.Equal(EveryMisspelling.Length, problems.Count);
    }

    [Fact]
    public void AJsonSpecIsCheckedAsItsYamlIs()
    {
        var json = YamlToJson.Convert(MisspeltEverywhere)!.ToJsonString();
        Assert.StartsWith("{", json);
        Assert.Equal(Problems(MisspeltEverywhere), Problems(json));
    }

    [Fact]
    public void AnAttackCampaignsMisspellingsGetSuggestionsToo()
    {
        var problems = Problems("""
            model: model
            shard_sise: 2
            attack: { target: secrte, method: embeding, stpes: 3 }
            """);
        Assert.Contains(problems, p => p.StartsWith("shard_sise: not part of an attack campaign; did you mean 'shard_size'?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("attack.stpes: unknown field; did you mean 'steps'?", StringComparison.Ordinal));
        Assert.Contains("attack.target: 'secrte' is not one of secret, hostile, loop; did you mean 'secret'?", problems);
        Assert.Contains("attack.method: 'embeding' is not embedding, gcg or prefill; did you mean 'embedding'?", problems);
    }

    [Fact]
    public void AnUnknownStrategyOrDetectorGetsASuggestion()
    {
        var problems = Problems("""
            model: model
            prompts: [{ name: p, text: "{noken} Hi." }]
            strategies: [{ strategy: gausian-diag, count: 4 }]
            detectors: [{ detector: lexicn, parameters: { words: [x] } }]
            """);
        Assert.Contains(problems, p => p.StartsWith("strategies[0].strategy: unknown strategy 'gausian-diag'; did you mean 'gaussian-diag'? (known: init,", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unknown detector 'lexicn'; did you mean 'lexicon'?", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mixture", "k: 0", "strategies[0].parameters.k: must be an integer >= 1 (got 0)")]
    [InlineData("mixture", "k: 2.5", "strategies[0].parameters.k: must be an integer >= 1 (got 2.5)")]
    [InlineData("token-noise", "token: -1", "strategies[0].parameters.token: must be an integer >= 0 (got -1)")]
    [InlineData("random-direction", "scale: -2", "strategies[0].parameters.scale: must be a finite number >= 0 (got -2)")]
    [InlineData("undertrained", "steps: 2", "strategies[0].parameters.steps: unknown parameter for strategy 'undertrained' (known: m, scale)")]
    [InlineData("init", "k: 2", "strategies[0].parameters.k: unknown parameter for strategy 'init' (known: none)")]
    public void AStrategyParameterIsCheckedAgainstItsStrategysDeclaration(string strategy, string parameter, string expected)
    {
        var problems = Problems($$"""
            model: model
            prompts: [{ name: p, text: "{noken} Hi." }]
            strategies: [{ strategy: {{strategy}}, count: 4, parameters: { {{parameter}} } }]
            """);
        Assert.Equal(expected, Assert.Single(problems));
    }

    [Fact]
    public void EveryDeclaredParameterOfEveryStrategyIsAccepted()
    {
        foreach (var strategy in NokenStrategies.All)
        {
            var parameters = new JsonObject();
            foreach (var p in NokenStrategyParameters.Of(strategy)!) parameters[p.Name] = Math.Max(p.Minimum, 1);
            var spec = new JsonObject
            {
                ["model"] = "model",
                ["prompts"] = new JsonArray(new JsonObject { ["name"] = "p", ["text"] = "{noken} Hi." }),
                ["strategies"] = new JsonArray(new JsonObject { ["strategy"] = strategy, ["count"] = 1, ["parameters"] = parameters }),
            };
            var read = CampaignSpecReader.Parse(spec.ToJsonString(), "spec", _dir.Path, _dir.File("out"));
            Assert.Equal(parameters.Count, read.Strategies[0].Recipe.Parameters.Count);
        }
    }
}
