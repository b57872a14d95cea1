using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Tests.Nokens;

/// <summary>The declaration the spec reader and the schema check parameters against is exactly what the samplers
/// read: no sampler reads an undeclared name, and every declared name is read (a declared-but-ignored parameter
/// would be the silent default the declaration exists to prevent).</summary>
public sealed class NokenStrategyParametersTests(SamplerFixture fixture) : IClassFixture<SamplerFixture>
{
    static NokenRecipe Recipe(string strategy, params (string Name, double Value)[] parameters)
    {
        var recipe = SamplerFixture.Recipe(strategy, 7, parameters);
        return strategy != NokenStrategies.Around ? recipe
            : recipe with { Parameters = new Dictionary<string, double>(recipe.Parameters) { ["centre_index"] = recipe.Parameters.GetValueOrDefault("centre_index") },
                Centre = SamplerFixture.Recipe(NokenStrategies.Init) };
    }

    public static TheoryData<string> Strategies() => new(NokenStrategyParameters.ByStrategy.Keys);

    [Theory]
    [MemberData(nameof(Strategies))]
    public void EverySamplerReadsOnlyWhatItsStrategyDeclares(string strategy) =>
        Assert.NotNull(NokenSamplers.Create(Recipe(strategy), fixture.Statistics, fixture.Config));

    [Theory]
    [MemberData(nameof(Strategies))]
    public void EveryDeclaredParameterIsReadByItsSampler(string strategy)
    {
        foreach (var parameter in NokenStrategyParameters.Of(strategy)!)
        {
            var e = Assert.Throws<ArgumentException>(() => NokenSamplers.Create(Recipe(strategy, (parameter.Name, double.NaN)), fixture.Statistics, fixture.Config));
            Assert.Contains($"parameter '{parameter.Name}' of noken strategy '{strategy}' must be", e.Message);
        }
    }

    [Fact]
    public void EverySpecStrategyIsDeclared() =>
        Assert.All(NokenStrategies.All.Append(NokenStrategies.Around), s => Assert.NotNull(NokenStrategyParameters.Of(s)));
}
