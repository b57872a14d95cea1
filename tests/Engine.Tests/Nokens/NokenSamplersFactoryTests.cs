using System.Text.Json;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Nokens.Samplers;
using Orleans.Noken.Engine.Tests.Embeddings;

namespace Orleans.Noken.Engine.Tests.Nokens;

public class NokenSamplersFactoryTests(SamplerFixture fixture) : IClassFixture<SamplerFixture>
{
    [Fact]
    public void UnknownStrategyIsRefusedListingTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => fixture.Create("gaussian"));
        Assert.Contains("unknown noken strategy 'gaussian' (known: init, gaussian-diag, gaussian-full, token-noise, random-direction, mixture, undertrained, glitch-tokens)", e.Message);
    }

    [Theory]
    [InlineData(NokenStrategies.TokenNoise)]
    [InlineData(NokenStrategies.Undertrained)]
    public void NegativeScaleIsRefusedNamingTheParameter(string strategy)
    {
        var e = Assert.Throws<ArgumentException>(() => fixture.Create(strategy, parameters: ("scale", -0.1)));
        Assert.Contains($"parameter 'scale' of noken strategy '{strategy}' must be a finite number >= 0 (got -0.1)", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2.5)]
    public void MixtureKMustBeAPositiveInteger(double k)
    {
        var e = Assert.Throws<ArgumentException>(() => fixture.Create(NokenStrategies.Mixture, parameters: ("k", k)));
        Assert.Contains($"parameter 'k' of noken strategy 'mixture' must be an integer in [1, {SamplerFixture.V}] (got {k})", e.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(SamplerFixture.V)]
    public void TokenIdOutsideTheRealVocabularyIsRefusedWithTheValidRange(int token)
    {
        var e = Assert.Throws<ArgumentException>(() => fixture.Create(NokenStrategies.TokenNoise, parameters: ("token", token)));
        Assert.Contains($"parameter 'token' of noken strategy 'token-noise' must be an integer in [0, {SamplerFixture.V - 1}] (got {token})", e.Message);
    }

    [Fact]
    public void UnknownParameterIsRefusedRatherThanIgnored()
    {
        var e = Assert.Throws<ArgumentException>(() => fixture.Create(NokenStrategies.TokenNoise, parameters: ("scal", 0.3)));
        Assert.Contains("unknown parameter 'scal' for noken strategy 'token-noise'; did you mean 'scale'? (known: scale, token)", e.Message);
        var none = Assert.Throws<ArgumentException>(() => fixture.Create(NokenStrategies.Init, parameters: ("scale", 1)));
        Assert.Contains("(known: none)", none.Message);
    }

    [Fact]
    public void ConfigWhoseHiddenSizeDiffersFromTheMatrixIsRefused()
    {
        var config = SyntheticEmbeddings.Config(SamplerFixture.D * 2, SamplerFixture.V);
        var e = Assert.Throws<ArgumentException>(() =>
            NokenSamplers.Create(SamplerFixture.Recipe(NokenStrategies.Init), fixture.Statistics, config));
        Assert.Contains($"hidden size ({SamplerFixture.D * 2}) differs from the embedding statistics' dimension ({SamplerFixture.D})", e.Message);
    }

    [Fact]
    public void DefaultsApplyWhenParametersAreAbsent()
    {
        Assert.Equal(2, ((MixtureSampler)fixture.Create(NokenStrategies.Mixture)).K);
        Assert.Equal(0.1, ((TokenNoiseSampler)fixture.Create(NokenStrategies.TokenNoise)).Scale);
        var undertrained = (UndertrainedSampler)fixture.Create(NokenStrategies.Undertrained);
        Assert.Equal(10, undertrained.CandidateIds.Count);
        Assert.Equal(1.0, undertrained.Scale);
    }

    [Fact]
    public void RecipeRoundTripsThroughJsonAndReplaysTheSameNokens()
    {
        var recipe = SamplerFixture.Recipe(NokenStrategies.TokenNoise, seed: -5, ("scale", 0.25), ("token", 17));
        var json = JsonSerializer.Serialize(recipe);
        var back = JsonSerializer.Deserialize<NokenRecipe>(json)!;

        Assert.Equal("""{"strategy":"token-noise","parameters":{"scale":0.25,"token":17},"seed":-5}""", json);
        Assert.Equal(recipe, back);
        Assert.Equal(recipe.GetHashCode(), back.GetHashCode());
        Assert.Equal(
            NokenSamplers.Create(recipe, fixture.Statistics, fixture.Config).Sample(11),
            NokenSamplers.Create(back, fixture.Statistics, fixture.Config).Sample(11));
        Assert.NotEqual(recipe, recipe with { Parameters = new Dictionary<string, double> { ["scale"] = 0.25 } });
    }

    [Fact]
    public void RecipeJsonWithoutParametersMeansDefaults()
    {
        var recipe = JsonSerializer.Deserialize<NokenRecipe>("""{"strategy":"mixture","seed":3}""")!;
        Assert.Empty(recipe.Parameters);
        Assert.Equal(2, ((MixtureSampler)NokenSamplers.Create(recipe, fixture.Statistics, fixture.Config)).K);
    }
}
