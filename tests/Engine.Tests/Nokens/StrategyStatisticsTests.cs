using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Nokens.Samplers;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Nokens;

/// <summary>Each strategy's nokens have the distribution its name promises, within sampling tolerance.</summary>
public class StrategyStatisticsTests(SamplerFixture fixture) : IClassFixture<SamplerFixture>
{
    const int N = 20_000;
    const int D = SamplerFixture.D;

    [Fact]
    public void InitNokensAreCentredWithInitializerRangeStd()
    {
        var x = Samples(fixture.Create(NokenStrategies.Init), N);
        var all = x.SelectMany(r => r).Select(v => (double)v).ToArray();
        double mean = all.Average(), std = Math.Sqrt(all.Select(v => (v - mean) * (v - mean)).Average());

        Assert.InRange(mean, -0.0005, 0.0005);
        Assert.InRange(std, 0.02 * 0.98, 0.02 * 1.02);
    }

    [Fact]
    public void GaussianDiagMatchesPerDimensionMeanAndStd()
    {
        var x = Samples(fixture.Create(NokenStrategies.GaussianDiag), N);
        for (int j = 0; j < D; j++)
        {
            var column = x.Select(r => (double)r[j]).ToArray();
            double mean = column.Average(), std = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
            double expectedStd = fixture.Statistics.Std[j];
            Assert.InRange(mean - fixture.Statistics.Mean[j], -4 * expectedStd / Math.Sqrt(N), 4 * expectedStd / Math.Sqrt(N));
            Assert.InRange(std / expectedStd, 0.97, 1.03);
        }
    }

    [Fact]
    public void GaussianFullReproducesCorrelationsThatDiagonalSamplingLoses()
    {
        var expected = Covariance(fixture.Statistics.Covariance.Cholesky);
        var full = SampleCovariance(Samples(fixture.Create(NokenStrategies.GaussianFull), N));
        var diag = SampleCovariance(Samples(fixture.Create(NokenStrategies.GaussianDiag), N));

        double scale = Math.Sqrt(expected.Sum(v => v * v));
        double fullError = Math.Sqrt(full.Zip(expected, (a, b) => (a - b) * (a - b)).Sum()) / scale;
        double diagError = Math.Sqrt(diag.Zip(expected, (a, b) => (a - b) * (a - b)).Sum()) / scale;
        Assert.True(fullError < 0.05, $"full-covariance samples are off by {fullError:P1}");
        Assert.True(diagError > 4 * fullError, $"the synthetic matrix should be correlated (diag error {diagError:P1})");
    }

    [Fact]
    public void RandomDirectionNormsAreRealTokenNorms()
    {
        var x = Samples(fixture.Create(NokenStrategies.RandomDirection), 2000);
        var realNorms = fixture.Statistics.Norms;
        var norms = x.Select(r => Math.Sqrt(r.Sum(v => (double)v * v))).ToArray();

        Assert.All(norms, n => Assert.InRange(n, fixture.Statistics.NormDistribution.Min * (1 - 1e-6), fixture.Statistics.NormDistribution.Max * (1 + 1e-6)));
        Assert.All(norms, n => Assert.Contains(realNorms, r => Math.Abs(r - n) <= 1e-6 * r));
        // Directions are spread over the sphere, not clustered on the real tokens: the mean direction is ~0.
        var meanDirection = Enumerable.Range(0, D).Select(j => x.Select((r, i) => r[j] / norms[i]).Average()).ToArray();
        Assert.True(Math.Sqrt(meanDirection.Sum(v => v * v)) < 0.1);
    }

    [Fact]
    public void RandomDirectionScaleMultipliesTheNormAndNothingElse()
    {
        var plain = fixture.Create(NokenStrategies.RandomDirection, seed: 3);
        var scaled = fixture.Create(NokenStrategies.RandomDirection, seed: 3, ("scale", 10));
        var unit = fixture.Create(NokenStrategies.RandomDirection, seed: 3, ("scale", 1));
        for (long index = 0; index < 20; index++)
        {
            var (a, b) = (plain.Sample(index), scaled.Sample(index));
            for (int j = 0; j < a.Length; j++) Assert.Equal(10.0 * a[j], b[j], Math.Abs(a[j]) * 1e-5 + 1e-7);
            Assert.Equal(a, unit.Sample(index));   // scale 1 is the recipe without it, bit for bit
        }
    }

    [Fact]
    public void MixtureIsAConvexCombinationOfItsComponents()
    {
        var sampler = (MixtureSampler)fixture.Create(NokenStrategies.Mixture, parameters: ("k", 3));
        for (long index = 0; index < 50; index++)
        {
            var components = sampler.ComponentsFor(index);
            Assert.Equal(3, components.Tokens.Count);
            Assert.Equal(1.0, components.Weights.Sum(), 12);
            Assert.All(components.Weights, w => Assert.InRange(w, 0.0, 1.0));

            var noken = sampler.Sample(index);
            for (int j = 0; j < D; j++)
            {
                double expected = components.Tokens.Select((t, i) => components.Weights[i] * fixture.Statistics.Row(t)[j]).Sum();
                Assert.Equal(expected, noken[j], 5);
            }
        }
    }

    [Fact]
    public void MixtureWeightsAreUniformOnTheSimplex()
    {
        var sampler = (MixtureSampler)fixture.Create(NokenStrategies.Mixture);  // k defaults to 2
        var first = Enumerable.Range(0, N).Select(i => sampler.ComponentsFor(i).Weights[0]).ToArray();
        // Dirichlet(1, 1): the first weight is Uniform(0, 1): mean 1/2, variance 1/12.
        Assert.InRange(first.Average(), 0.49, 0.51);
        Assert.InRange(first.Select(w => (w - 0.5) * (w - 0.5)).Average(), 1.0 / 12 * 0.96, 1.0 / 12 * 1.04);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.5)]
    public void TokenNoiseRelativeDistanceIsScale(double scale)
    {
        var sampler = (TokenNoiseSampler)fixture.Create(NokenStrategies.TokenNoise, parameters: ("scale", scale));
        var relative = Enumerable.Range(0, 4000).Select(i =>
        {
            var noken = sampler.Sample(i);
            var token = fixture.Statistics.Row(sampler.TokenFor(i)).ToArray();
            double distance = Math.Sqrt(noken.Select((v, j) => (v - (double)token[j]) * (v - token[j])).Sum());
            return distance / fixture.Statistics.Norms[sampler.TokenFor(i)];
        }).ToArray();
        // E‖z‖ for z ~ N(0, I_8) is √8 · 0.9693; the mean relative distance is that fraction of scale.
        Assert.InRange(relative.Average(), scale * 0.9693 * 0.97, scale * 0.9693 * 1.03);
        Assert.True(Enumerable.Range(0, 4000).Select(i => sampler.TokenFor(i)).Distinct().Count() > 250,
            "absent 'token', each noken picks its own real token");
    }

    [Fact]
    public void TokenNoiseWithAFixedTokenStaysAroundThatToken()
    {
        var sampler = (TokenNoiseSampler)fixture.Create(NokenStrategies.TokenNoise, parameters: [("scale", 0.0), ("token", 123)]);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(123, sampler.TokenFor(i)));
        Assert.Equal(fixture.Statistics.Row(123).ToArray(), sampler.Sample(5));
    }

    [Fact]
    public void UndertrainedNokensScatterAroundTheCandidatesCentroid()
    {
        var sampler = (UndertrainedSampler)fixture.Create(NokenStrategies.Undertrained, parameters: [("m", 8), ("scale", 0.5)]);
        var candidates = fixture.Statistics.UndertrainedCandidates(8).Select(c => c.Id).ToArray();
        Assert.Equal(candidates, sampler.CandidateIds);

        var x = Samples(sampler, N);
        for (int j = 0; j < D; j++)
        {
            var column = candidates.Select(id => (double)fixture.Statistics.Row(id)[j]).ToArray();
            double centre = column.Average(), spread = Math.Sqrt(column.Select(v => (v - centre) * (v - centre)).Average());
            var samples = x.Select(r => (double)r[j]).ToArray();
            double mean = samples.Average(), std = Math.Sqrt(samples.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(centre, sampler.Centre[j], 6);
            Assert.InRange(mean - centre, -4 * 0.5 * spread / Math.Sqrt(N), 4 * 0.5 * spread / Math.Sqrt(N));
            Assert.InRange(std / (0.5 * spread), 0.97, 1.03);
        }
    }

    static float[][] Samples(INokenSampler sampler, int count)
    {
        using var batch = sampler.SampleBatch(0, count);  // [count, D]
        var flat = batch.data<float>().ToArray();
        return Enumerable.Range(0, count).Select(i => flat.AsSpan(i * D, D).ToArray()).ToArray();
    }

    static double[] Covariance(double[] cholesky)
    {
        var c = new double[D * D];
        for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++)
                for (int k = 0; k < D; k++) c[i * D + j] += cholesky[i * D + k] * cholesky[j * D + k];
        return c;
    }

    static double[] SampleCovariance(float[][] x)
    {
        var mean = Enumerable.Range(0, D).Select(j => x.Average(r => (double)r[j])).ToArray();
        var c = new double[D * D];
        foreach (var r in x)
            for (int i = 0; i < D; i++)
                for (int j = 0; j < D; j++) c[i * D + j] += (r[i] - mean[i]) * (r[j] - mean[j]);
        return c.Select(v => v / x.Length).ToArray();
    }
}
