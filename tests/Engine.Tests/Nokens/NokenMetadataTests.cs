using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Tests.Nokens;

public class NokenMetadataTests(SamplerFixture fixture) : IClassFixture<SamplerFixture>
{
    [Fact]
    public void MetadataNamesTheSourceTokenOfANoiselessTokenNoken()
    {
        var sampler = fixture.Create(NokenStrategies.TokenNoise, parameters: [("scale", 0.0), ("token", 42)]);
        using var batch = sampler.SampleBatch(100, 3);

        var metadata = NokenMetadata.Compute(batch, 100, fixture.Statistics);

        Assert.Equal([100L, 101L, 102L], metadata.Select(m => m.Index));
        Assert.All(metadata, m =>
        {
            Assert.Equal(fixture.Statistics.Norms[42], m.Norm, 6);
            Assert.Equal(NokenMetadata.DefaultNearest, m.Nearest.Count);
            Assert.Equal(42, m.Nearest[0].Id);
            Assert.Equal(1.0, m.Nearest[0].Cosine, 5);
            Assert.True(m.Nearest.Zip(m.Nearest.Skip(1)).All(p => p.First.Cosine >= p.Second.Cosine));
        });
    }

    [Fact]
    public void MetadataNormIsTheNokensL2Norm()
    {
        var sampler = fixture.Create(NokenStrategies.GaussianDiag);
        using var batch = sampler.SampleBatch(0, 4);
        var metadata = NokenMetadata.Compute(batch, 0, fixture.Statistics);
        for (int i = 0; i < 4; i++)
            Assert.Equal(Math.Sqrt(sampler.Sample(i).Sum(v => (double)v * v)), metadata[i].Norm, 9);
    }
}
