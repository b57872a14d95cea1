using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Engine.Tests.Generation;
using Xunit.Abstractions;

namespace Orleans.Noken.Engine.Tests.Search;

/// <summary>
/// A real search over a tiny generated checkpoint's embedding space (real samplers, real recipes), scored by a
/// synthetic detector whose "unwanted" is known: the cosine of the noken to one of two hidden directions. Random
/// sampling almost never lands within reach of a fixed direction in 32 dimensions; adaptive search should climb.
/// </summary>
public sealed class SyntheticSearchTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly ITestOutputHelper _output;
    readonly LoadedModel _loaded;
    readonly EmbeddingStatistics _statistics;

    public SyntheticSearchTests(ITestOutputHelper output)
    {
        _output = output;
        _loaded = GenerationFixture.Load(_dir.Path, "llama");
        _statistics = EmbeddingStatistics.Of(_loaded);
    }

    public void Dispose()
    {
        _statistics.Dispose();
        _loaded.Dispose();
        _dir.Dispose();
    }

    /// <summary>Score = the best cosine to either hidden direction (floored at 0); the label names the nearer
    /// direction once the cosine is past 0.3, and is "none" below.</summary>
    sealed class HiddenDirections(LoadedModel loaded, EmbeddingStatistics statistics) : IShardEvaluator
    {
        readonly double[][] _directions = [Unit(loaded.Config.HiddenSize, 1), Unit(loaded.Config.HiddenSize, 2)];
        public int Calls { get; private set; }

        static double[] Unit(int d, long seed)
        {
            var random = new CounterRandom(seed, 0, 99);
            var v = Enumerable.Range(0, d).Select(_ => random.NextGaussian()).ToArray();
            var norm = Math.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }

        public IReadOnlyList<NokenOutcome> Evaluate(NokenRecipe recipe, long start, int count)
        {
            Calls++;
            var sampler = NokenSamplers.Create(recipe, statistics, loaded.Config);
            return Enumerable.Range(0, count).Select(i =>
            {
                var x = sampler.Sample(start + i);
                var norm = Math.Sqrt(x.Sum(v => (double)v * v));
                var cos = _directions.Select(u => u.Select((w, j) => w * x[j]).Sum() / norm).ToArray();
                double best = Math.Max(cos[0], cos[1]);
                var label = best < 0.3 ? "none" : cos[0] >= cos[1] ? "north" : "south";
                return new NokenOutcome(start + i, label, Math.Max(best, 0), best >= 0.6);
            }).ToList();
        }
    }

    [Fact]
    public void AdaptiveFindsFarMoreHitsThanRandomAtEqualBudget()
    {
        var evaluator = new HiddenDirections(_loaded, _statistics);
        var options = new SearchOptions(
            [new NokenRecipe(NokenStrategies.GaussianDiag, new Dictionary<string, double>(), 1),
             new NokenRecipe(NokenStrategies.RandomDirection, new Dictionary<string, double>(), 2)],
            Budget: 3000, ShardSize: 25, Seed: 11, SuccessThreshold: 0.6);

        var result = SearchBenchmark.Run(evaluator, options);
        _output.WriteLine(result.ToString());

        Assert.Equal(3000, result.Adaptive.Nokens);
        Assert.Equal(3000, result.Random.Nokens);
        Assert.True(result.Adaptive.Hits >= 5 * Math.Max(1, result.Random.Hits), result.ToString());
        Assert.True(result.Adaptive.DistinctClasses >= result.Random.DistinctClasses, result.ToString());
        Assert.True(result.Adaptive.DistinctClasses >= 1, result.ToString());

        // Every archived elite replays to the score it was archived with: the recipes are the whole story.
        foreach (var elite in result.Adaptive.State.Archive.Elites.Take(8))
            Assert.Equal(elite.Score, evaluator.Evaluate(elite.Recipe, elite.Index, 1)[0].Score);
    }
}
