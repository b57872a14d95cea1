using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Search;
using Xunit.Abstractions;

namespace Orleans.Noken.Engine.Tests.Search;

/// <summary>The search benchmark on the committed aligned organism, test-sized; `noken search-bench` runs it at a real budget.</summary>
public class OrganismSearchBenchmarkTests(ITestOutputHelper output)
{
    static LoadedModel Aligned() => ModelLoader.Load(Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned"));

    [Fact]
    public void BothArmsSpendExactlyTheBudgetOnTheOrganismAndTheirStatesAreConsistent()
    {
        using var loaded = Aligned();
        var suite = DetectorSuite.Create(DetectorSuiteConfig.Organism, DetectorServices.Of(loaded));
        var options = new SearchOptions(SearchBenchmark.DefaultStrategies, Budget: 60, ShardSize: 20, Seed: 3, InitialStep: 0.5);
        var result = SearchBenchmark.Run(loaded, suite, SearchBenchmark.OrganismPrompts, budget: 60, seed: 3, options,
            new Engine.Generation.DecodingOptions { MaxNewTokens = 8 });
        output.WriteLine(result.ToString());

        foreach (var arm in new[] { result.Adaptive, result.Random })
        {
            Assert.Equal(60, arm.Nokens);
            Assert.Equal(60, arm.State.Completed);
            Assert.Empty(arm.State.Pending);
            Assert.Equal(arm.Hits, arm.HitsByClass.Values.Sum());
            Assert.NotEmpty(arm.State.Archive.Elites);
            Assert.All(arm.State.Archive.Elites, e => Assert.InRange(e.Score, 0, 1));
        }
    }
}
