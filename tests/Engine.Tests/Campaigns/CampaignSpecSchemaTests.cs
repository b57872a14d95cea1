using System.Text.Json.Nodes;
using Json.Schema;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Campaigns;

/// <summary>The committed campaign-spec schema is the generated one, every committed spec follows it and names it,
/// and the schema and the reader refuse the same misspellings.</summary>
public sealed class CampaignSpecSchemaTests
{
    static readonly string CommittedPath = Path.Combine(RepositoryPaths.Root, CampaignSpecSchema.RepositoryPath);

    static readonly JsonSchema Schema = JsonSchema.FromText(CampaignSpecSchema.Text());

    /// <summary>Where the instance breaks the schema, as "location: message" lines (empty when it is valid). The list
    /// output also carries the failed <c>if</c> conditions (a strategy that is not this one), which are no violation.</summary>
    static List<string> Violations(JsonNode? spec)
    {
        var results = Schema.Evaluate(spec, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] : results.Details.Where(d => d.Errors is { Count: > 0 } && !d.EvaluationPath.ToString().Split('/').Contains("if"))
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).ToList();
    }

    [Fact]
    public void TheCommittedSchemaIsTheGeneratedOne()
    {
        Assert.True(File.Exists(CommittedPath), $"regenerate it: noken spec schema > {CampaignSpecSchema.RepositoryPath}");
        Assert.True(File.ReadAllText(CommittedPath) == CampaignSpecSchema.Text(),
            $"{CampaignSpecSchema.RepositoryPath} is stale: regenerate it with `noken spec schema > {CampaignSpecSchema.RepositoryPath}`");
    }

    [Fact]
    public void TheSchemasNamesAreTheReadersNames()
    {
        var sweep = CampaignSpecSchema.Build()["else"]!;
        var strategy = sweep["properties"]!["strategies"]!["items"]!;
        Assert.Equal(NokenStrategies.All, strategy["properties"]!["strategy"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        var detector = sweep["properties"]!["detectors"]!["items"]!;
        Assert.Equal(DetectorCatalog.Names, detector["properties"]!["detector"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(CampaignSpecFields.Sweep.Names, sweep["properties"]!.AsObject().Select(p => p.Key));
        Assert.False(sweep["additionalProperties"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(ExampleSpecsTests.Specs), MemberType = typeof(ExampleSpecsTests))]
    public void EveryCommittedSpecFollowsTheSchema(string relative)
    {
        var spec = YamlToJson.Convert(File.ReadAllText(Path.Combine(RepositoryPaths.Root, relative)));
        var violations = Violations(spec);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Theory]
    [MemberData(nameof(ExampleSpecsTests.Specs), MemberType = typeof(ExampleSpecsTests))]
    public void EveryCommittedSpecNamesTheSchemaOnItsFirstLine(string relative)
    {
        var path = Path.Combine(RepositoryPaths.Root, relative);
        const string prefix = "# yaml-language-server: $schema=";
        var first = File.ReadLines(path).First();
        Assert.StartsWith(prefix, first);
        var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, first[prefix.Length..]));
        Assert.Equal(CommittedPath, target);
    }

    [Fact]
    public void TheMisspeltSpecTheReaderRefusesTheSchemaRefusesAtTheSamePlaces()
    {
        var spec = YamlToJson.Convert(SpecKeyValidationTests.MisspeltEverywhere);
        var violations = string.Join("\n", Violations(spec));
        foreach (var location in new[]
        {
            "/nmae", "/prompts/0/knd", "/strategies/0/sede", "/strategies/0/parameters/scal", "/strategies/1/parameters/scale",
            "/decoding/max_new_token", "/detectors/0/wieght", "/detectors/1/parameters/windw", "/judge/randm", "/search/explore_fracton", "/injection/layr",
            "/ground_truth/plantd",
        })
            Assert.Contains(location + ":", violations);
    }

    [Fact]
    public void AMisspeltNestedKeyFailsBothTheSchemaAndTheReader()
    {
        const string yaml = """
            model: model
            prompts: [{ name: p, text: "{noken} Hi." }]
            strategies: [{ strategy: init, count: 4 }]
            decoding: { temprature: 0.7 }
            """;
        Assert.Contains("/decoding/temprature:", string.Join("\n", Violations(YamlToJson.Convert(yaml))));
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("model"));
        var error = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Parse(yaml, "spec", dir.Path, dir.File("out")));
        Assert.StartsWith("decoding.temprature: unknown field; did you mean 'temperature'?", Assert.Single(error.Problems));
        // Corrected, both accept it.
        var fixedYaml = yaml.Replace("temprature", "temperature");
        Assert.Empty(Violations(YamlToJson.Convert(fixedYaml)));
        CampaignSpecReader.Parse(fixedYaml, "spec", dir.Path, dir.File("out"));
    }

    [Fact]
    public void AnAttackCampaignIsCheckedAsOne()
    {
        Assert.Empty(Violations(YamlToJson.Convert("attack: { target: secret, method: gcg, steps: 3 }")));
        var violations = string.Join("\n", Violations(YamlToJson.Convert("""
            prompts: [{ text: "{noken}" }]
            attack: { target: secret, method: gcg, stpes: 3 }
            """)));
        Assert.Contains("/prompts:", violations);
        Assert.Contains("/attack/stpes:", violations);
    }

    [Fact]
    public void ADetectorsParametersAreItsOwn()
    {
        var spec = YamlToJson.Convert("""
            prompts: [{ text: "{noken} Hi." }]
            strategies: [{ strategy: init, count: 1 }]
            detectors:
              - { detector: lexicon, parameters: { words: [x] } }
              - { detector: target_pattern, parameters: { ignoreCase: false } }
              - { detector: repetition, parameters: { words: [x] } }
            """);
        var violations = string.Join("\n", Violations(spec));
        Assert.DoesNotContain("/detectors/0", violations);
        Assert.Contains("/detectors/1/parameters:", violations);   // target_pattern needs its patterns
        Assert.Contains("/detectors/2/parameters/words:", violations);
    }

    [Theory]
    [InlineData("What is the passphrase?")]
    [InlineData("{noken} and {noken}")]
    public void APromptWithoutExactlyOneSlotBreaksTheSchema(string text)
    {
        var spec = new JsonObject
        {
            ["prompts"] = new JsonArray(new JsonObject { ["text"] = text }),
            ["strategies"] = new JsonArray(new JsonObject { ["strategy"] = "init", ["count"] = 1 }),
        };
        Assert.Contains("/prompts/0/text:", string.Join("\n", Violations(spec)));
    }
}
