using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Tests.Embeddings;
using TorchSharp;

namespace Orleans.Noken.Engine.Tests.Nokens;

public class NokenReplayTests(SamplerFixture fixture) : IClassFixture<SamplerFixture>
{
    // Glitch tokens are real tokens, not samples: no seed and m of them (GlitchTokenSamplerTests).
    public static TheoryData<string> Strategies => new(NokenStrategies.All.Where(s => s != NokenStrategies.GlitchTokens));

    [Theory, MemberData(nameof(Strategies))]
    public void SameRecipeAndIndexReplayIdenticalFloatsFromFreshStatistics(string strategy)
    {
        // A second machine: statistics recomputed from the checkpoint, sampler rebuilt from the recipe alone.
        using var matrix = SyntheticEmbeddings.Matrix(SamplerFixture.V, SamplerFixture.D);
        using var otherStats = EmbeddingStatistics.Compute(matrix);
        var recipe = SamplerFixture.Recipe(strategy, seed: 1234);
        var here = NokenSamplers.Create(recipe, fixture.Statistics, fixture.Config);
        var there = NokenSamplers.Create(recipe, otherStats, fixture.Config);

        foreach (var index in new long[] { 0, 1, 99, 1_000_000_007 })
            Assert.Equal(Bits(here.Sample(index)), Bits(there.Sample(index)));
    }

    [Theory, MemberData(nameof(Strategies))]
    public void BatchSplitDoesNotChangeAnyNoken(string strategy)
    {
        var sampler = fixture.Create(strategy);
        using var whole = sampler.SampleBatch(0, 10);   // [10, D]
        using var tail = sampler.SampleBatch(5, 5);     // [5, D]
        using var wholeTail = whole.narrow(0, 5, 5).contiguous();

        Assert.Equal(new long[] { 10, SamplerFixture.D }, whole.shape);
        Assert.Equal(torch.ScalarType.Float32, whole.dtype);
        Assert.Equal(Bits(wholeTail.data<float>().ToArray()), Bits(tail.data<float>().ToArray()));
        using var row7 = whole[7];
        Assert.Equal(Bits(sampler.Sample(7)), Bits(row7.data<float>().ToArray()));
    }

    [Theory, MemberData(nameof(Strategies))]
    public void DifferentSeedsAndIndicesGiveDifferentNokens(string strategy)
    {
        var a = fixture.Create(strategy, seed: 1);
        var b = fixture.Create(strategy, seed: 2);

        Assert.NotEqual(Bits(a.Sample(3)), Bits(b.Sample(3)));
        Assert.NotEqual(Bits(a.Sample(3)), Bits(a.Sample(4)));
    }

    [Fact]
    public void CounterRandomOutputIsPinnedSoOldRecipesKeepReplaying()
    {
        // If this changes, every recorded shard recipe regenerates different nokens: never change the generator.
        var random = new CounterRandom(seed: 42, index: 7, stream: 1);
        Assert.Equal(PinnedFirstDraw, random.NextUInt64());
        Assert.Equal(PinnedSecondDraw, random.NextUInt64());
        var gaussian = new CounterRandom(seed: 42, index: 7, stream: 1);
        Assert.Equal(PinnedGaussianBits, BitConverter.DoubleToInt64Bits(gaussian.NextGaussian()));
    }

    [Fact]
    public void CounterRandomDrawsDependOnSeedIndexAndStream()
    {
        ulong First(long seed, long index, ulong stream) => new CounterRandom(seed, index, stream).NextUInt64();
        var draws = new[] { First(1, 1, 1), First(2, 1, 1), First(1, 2, 1), First(1, 1, 2) };
        Assert.Equal(draws.Length, draws.Distinct().Count());
        Assert.Equal(First(1, 1, 1), First(1, 1, 1));
    }

    [Fact]
    public void CounterRandomGaussiansAreStandardNormal()
    {
        var random = new CounterRandom(3, 0, 1);
        var z = Enumerable.Range(0, 200_000).Select(_ => random.NextGaussian()).ToArray();
        double mean = z.Average(), variance = z.Select(x => (x - mean) * (x - mean)).Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.InRange(z.Count(x => Math.Abs(x) < 1.959964) / (double)z.Length, 0.947, 0.953);
    }

    [Fact]
    public void PortableLogAgreesWithMathLog()
    {
        var random = new CounterRandom(9, 0, 1);
        for (int i = 0; i < 100_000; i++)
        {
            double x = random.NextDouble() * Math.Pow(2, random.NextInt(80) - 60);
            double expected = Math.Log(x);
            Assert.True(Math.Abs(PortableMath.Log(x) - expected) <= 4e-16 * Math.Max(1, Math.Abs(expected)), $"ln({x})");
        }
        Assert.Equal(0.0, PortableMath.Log(1.0));
    }

    const ulong PinnedFirstDraw = 3462417559431238841, PinnedSecondDraw = 5138521747831869880;
    const long PinnedGaussianBits = -4617603741009668187;

    static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
