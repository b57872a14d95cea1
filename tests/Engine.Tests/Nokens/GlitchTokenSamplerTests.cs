using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Tests.Nokens;

public sealed class GlitchTokenSamplerTests(SamplerFixture fixture) : IClassFixture<SamplerFixture>
{
    [Fact]
    public void EachIndexIsTheExactEmbeddingOfTheNextMostUndertrainedToken()
    {
        var sampler = fixture.Create(NokenStrategies.GlitchTokens, seed: 1, ("m", 5));
        var candidates = fixture.Statistics.UndertrainedCandidates(5);
        for (int i = 0; i < 5; i++)
            Assert.Equal(fixture.Statistics.Row(candidates[i].Id).ToArray(), sampler.Sample(i));
        // Real tokens, not samples: the seed changes nothing.
        Assert.Equal(sampler.Sample(2), fixture.Create(NokenStrategies.GlitchTokens, seed: 99, ("m", 5)).Sample(2));
        var past = Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Sample(5));
        Assert.Contains("glitch-tokens has 5 tokens", past.Message);
    }

    [Fact]
    public void ASpecAskingForMoreGlitchTokensThanMIsRefused()
    {
        var model = System.Text.Json.JsonSerializer.Serialize(Hardening.OrganismHardening.ModelDirectory);
        var root = System.Text.Json.Nodes.JsonNode.Parse($$"""
            { "model": {{model}}, "prompts": [ { "name": "p", "text": "{noken} hi" } ],
              "strategies": [ { "strategy": "glitch-tokens", "parameters": { "m": 20 }, "count": 30 } ] }
            """)!.AsObject();
        var e = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Read(root, "spec", RepositoryPaths.Root));
        Assert.Equal(["strategies[0].count: glitch-tokens runs each of its m = 20 tokens once; count 30 is larger (raise parameters.m or lower the count)"], e.Problems);
    }
}
