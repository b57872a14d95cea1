using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Tests.Hardening;

namespace Orleans.Noken.Engine.Tests.Campaigns;

public sealed class ResidualInjectionTests
{
    static JsonObject Spec(string injection, string control = "") => JsonNode.Parse($$"""
        { "model": {{System.Text.Json.JsonSerializer.Serialize(OrganismHardening.ModelDirectory)}}, "prompts": [ { "name": "p", "text": "{noken} What was that password?" } ],
          "strategies": [ { "strategy": "gaussian-diag", "count": 4 } ] {{control}} {{injection}} }
        """)!.AsObject();

    [Fact]
    public void AnInjectionIsReadAndAResidualOneWithoutAControlTokenIsRefused()
    {
        var spec = CampaignSpecReader.Read(Spec(""", "injection": { "layer": 2, "mode": "add" }""", """, "control_token": 5"""), "spec", RepositoryPaths.Root);
        Assert.Equal(new NokenInjection(2, ResidualEditMode.Add), spec.Injection);
        Assert.Null(CampaignSpecReader.Read(Spec(""), "spec", RepositoryPaths.Root).Injection);

        var e = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Read(Spec(""", "injection": { "layer": 2, "mode": "sideways", "depth": 1 }"""), "spec", RepositoryPaths.Root));
        Assert.Contains("injection.mode: 'sideways' is not add or replace", e.Problems);
        Assert.Contains(e.Problems, p => p.StartsWith("injection.depth: unknown field", StringComparison.Ordinal));
        var noControl = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Read(Spec(""", "injection": { "layer": 2 }"""), "spec", RepositoryPaths.Root));
        Assert.Contains(noControl.Problems, p => p.Contains("needs control_token", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSameNokensInjectedDeeperChangeWhatTheModelSaysAndALayerPastTheModelIsRefused()
    {
        using var loaded = ModelLoader.Load(OrganismHardening.ModelDirectory);
        var recipe = new NokenRecipe(NokenStrategies.TokenNoise, new Dictionary<string, double> { ["scale"] = 2 }, 5);
        CampaignSpec At(NokenInjection injection) => new("depth", loaded.Directory, "", OrganismHardening.Prompts, Distances: [],
            [new CampaignStrategy(recipe, 6)], new DecodingOptions { MaxNewTokens = 8 }, DetectorSuiteConfig.Organism, ShardSize: 6,
            ControlTokenId: 5, Injection: injection);

        ShardResult Run(NokenInjection injection)
        {
            using var workload = new CampaignWorkload(At(injection), loaded);
            return workload.Run(recipe, 0, 6);
        }
        var input = Run(new NokenInjection());
        var deep = Run(new NokenInjection(3, ResidualEditMode.Add));
        // Same nokens, same prompts, same controls: only where the noken enters differs.
        Assert.Equal(input.Rows.Select(r => r.Control), deep.Rows.Select(r => r.Control));
        Assert.NotEqual(input.Rows.Select(r => r.Continuation), deep.Rows.Select(r => r.Continuation));

        var past = Assert.Throws<ArgumentException>(() => new CampaignWorkload(At(new NokenInjection(loaded.Config.NumLayers + 1)), loaded));
        Assert.Contains($"the model has {loaded.Config.NumLayers} blocks", past.Message);
    }
}
