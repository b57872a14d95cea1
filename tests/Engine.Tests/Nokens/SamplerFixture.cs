using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Tests.Embeddings;

namespace Orleans.Noken.Engine.Tests.Nokens;

/// <summary>One synthetic model's embedding statistics, shared by the sampler tests of a class.</summary>
public sealed class SamplerFixture : IDisposable
{
    public const int V = 300, D = 8;

    public EmbeddingStatistics Statistics { get; }
    public ModelConfig Config { get; } = SyntheticEmbeddings.Config(D, V);

    public SamplerFixture()
    {
        using var matrix = SyntheticEmbeddings.Matrix(V, D);
        Statistics = EmbeddingStatistics.Compute(matrix);
    }

    public INokenSampler Create(string strategy, long seed = 7, params (string Name, double Value)[] parameters) =>
        NokenSamplers.Create(Recipe(strategy, seed, parameters), Statistics, Config);

    public static NokenRecipe Recipe(string strategy, long seed = 7, params (string Name, double Value)[] parameters) =>
        new(strategy, parameters.ToDictionary(p => p.Name, p => p.Value), seed);

    public void Dispose() => Statistics.Dispose();
}
