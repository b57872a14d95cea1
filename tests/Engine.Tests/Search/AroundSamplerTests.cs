using System.Text.Json;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Nokens.Samplers;
using Orleans.Noken.Engine.Tests.Embeddings;
using Orleans.Noken.Engine.Tests.Nokens;

namespace Orleans.Noken.Engine.Tests.Search;

public class AroundSamplerTests(SamplerFixture fixture) : IClassFixture<SamplerFixture>
{
    static readonly NokenRecipe Base = SamplerFixture.Recipe(NokenStrategies.GaussianDiag, seed: 5);

    static NokenRecipe Around(NokenRecipe centre, long centreIndex, double step, long seed) =>
        new(NokenStrategies.Around, new Dictionary<string, double> { ["step"] = step, ["centre_index"] = centreIndex }, seed) { Centre = centre };

    static uint[] Bits(float[] v) => v.Select(BitConverter.SingleToUInt32Bits).ToArray();

    [Fact]
    public void ReplaysBitForBitFromFreshStatisticsEvenTwoCentresDeep()
    {
        var recipe = Around(Around(Base, 17, 0.3, seed: 8), 4, 0.2, seed: 9);
        using var matrix = SyntheticEmbeddings.Matrix(SamplerFixture.V, SamplerFixture.D);
        using var otherStats = EmbeddingStatistics.Compute(matrix);
        var here = NokenSamplers.Create(recipe, fixture.Statistics, fixture.Config);
        var there = NokenSamplers.Create(recipe, otherStats, fixture.Config);
        foreach (var index in new long[] { 0, 3, 1_000_003 })
            Assert.Equal(Bits(here.Sample(index)), Bits(there.Sample(index)));
        using var batch = here.SampleBatch(2, 3);
        using var row = batch[1];
        Assert.Equal(Bits(here.Sample(3)), Bits(row.data<float>().ToArray()));
    }

    [Fact]
    public void TheCentreIsTheEliteItselfAndStepZeroReturnsIt()
    {
        var elite = fixture.Create(NokenStrategies.GaussianDiag, 5).Sample(17);
        var sampler = (AroundSampler)NokenSamplers.Create(Around(Base, 17, 0.0, seed: 1), fixture.Statistics, fixture.Config);
        Assert.Equal(Bits(elite), Bits(sampler.Centre.ToArray()));
        Assert.Equal(Bits(elite), Bits(sampler.Sample(42)));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.7)]
    public void NoiseNormRelativeToTheCentreIsTheStep(double step)
    {
        var sampler = (AroundSampler)NokenSamplers.Create(Around(Base, 17, step, seed: 3), fixture.Statistics, fixture.Config);
        var centre = sampler.Centre.ToArray();
        // E‖x − c‖² = step²·‖c‖² exactly (D dimensions of variance step²‖c‖²/D); 4,000 draws bring it within a few %.
        double meanSquare = Enumerable.Range(0, 4000).Average(i =>
        {
            var x = sampler.Sample(i);
            return x.Select((v, j) => (double)(v - centre[j]) * (v - centre[j])).Sum();
        });
        Assert.InRange(Math.Sqrt(meanSquare) / sampler.CentreNorm, step * 0.97, step * 1.03);
    }

    [Fact]
    public void JsonRoundTripKeepsTheCentreAndOldRecipesReadUnchanged()
    {
        var recipe = Around(Around(Base, 17, 0.3, seed: 8), 4, 0.2, seed: 9);
        var json = JsonSerializer.Serialize(recipe);
        var back = JsonSerializer.Deserialize<NokenRecipe>(json)!;
        Assert.Equal(recipe, back);
        Assert.Equal(2, back.Depth);
        Assert.NotEqual(recipe, Around(Around(Base, 18, 0.3, seed: 8), 4, 0.2, seed: 9)); // the centre takes part in equality
        Assert.Equal(Bits(NokenSamplers.Create(recipe, fixture.Statistics, fixture.Config).Sample(5)),
            Bits(NokenSamplers.Create(back, fixture.Statistics, fixture.Config).Sample(5)));

        Assert.DoesNotContain("centre", JsonSerializer.Serialize(Base));
        Assert.Null(JsonSerializer.Deserialize<NokenRecipe>("""{"strategy":"mixture","seed":3}""")!.Centre);
    }

    [Fact]
    public void BadAroundRecipesAreRefused()
    {
        var noCentre = new NokenRecipe(NokenStrategies.Around, new Dictionary<string, double> { ["step"] = 0.1, ["centre_index"] = 0 }, 1);
        Assert.Contains("centre", Assert.Throws<ArgumentException>(() => NokenSamplers.Create(noCentre, fixture.Statistics, fixture.Config)).Message);
        var noIndex = new NokenRecipe(NokenStrategies.Around, new Dictionary<string, double> { ["step"] = 0.1 }, 1) { Centre = Base };
        Assert.Contains("centre_index", Assert.Throws<ArgumentException>(() => NokenSamplers.Create(noIndex, fixture.Statistics, fixture.Config)).Message);
        Assert.Throws<ArgumentException>(() => NokenSamplers.Create(Around(Base, 1, -0.1, 1), fixture.Statistics, fixture.Config));
        Assert.Throws<ArgumentException>(() => NokenSamplers.Create(Base with { Centre = Base }, fixture.Statistics, fixture.Config));

        var deep = Base;
        for (int i = 0; i <= AroundSampler.MaxDepth; i++) deep = Around(deep, 0, 0.1, i);
        Assert.Contains("deep", Assert.Throws<ArgumentException>(() => NokenSamplers.Create(deep, fixture.Statistics, fixture.Config)).Message);
    }
}
