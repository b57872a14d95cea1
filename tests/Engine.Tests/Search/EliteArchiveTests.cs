using System.Text.Json;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Engine.Tests.Search;

public class EliteArchiveTests
{
    static readonly NokenRecipe Recipe = new(NokenStrategies.GaussianDiag, new Dictionary<string, double>(), 1);

    static Elite E(long index, string label, double score) => new(Recipe, index, label, score, $"text {index}");

    [Fact]
    public void KeepsTheBestKPerClassBestFirst()
    {
        var archive = new EliteArchive(perClass: 2);
        foreach (var (i, label, score) in new[] { (0L, "secret", 0.6), (1L, "secret", 0.9), (2L, "secret", 0.7), (3L, "hostile", 0.3), (4L, "secret", 0.1) })
            archive.Offer(E(i, label, score));

        Assert.Equal(new long[] { 1, 2 }, archive.Of("secret").Select(e => e.Index));
        Assert.Equal(new long[] { 3 }, archive.Of("hostile").Select(e => e.Index)); // a weak class is kept: diversity
        Assert.Equal(new[] { "hostile", "secret" }, archive.Classes);
        Assert.False(archive.Offer(E(5, "secret", 0.65)));   // below the class's k-th
        Assert.True(archive.Offer(E(6, "secret", 0.8)));
        Assert.Equal(new long[] { 1, 6 }, archive.Of("secret").Select(e => e.Index));
    }

    [Fact]
    public void TiesAndDuplicatesDoNotDependOnArrivalOrder()
    {
        var elites = Enumerable.Range(0, 6).Select(i => E(i, "x", 0.5)).ToList();
        var forward = new EliteArchive(3);
        var backward = new EliteArchive(3);
        elites.ForEach(e => forward.Offer(e));
        Enumerable.Reverse(elites).ToList().ForEach(e => backward.Offer(e));
        Assert.Equal(forward.Elites.Select(e => e.Key), backward.Elites.Select(e => e.Key));

        Assert.False(forward.Offer(forward.Elites[0]));       // the same noken twice is one elite
        Assert.Equal(3, forward.Count);
    }

    [Fact]
    public void JsonRoundTripRestoresTheSameArchive()
    {
        var archive = new EliteArchive(2);
        archive.Offer(E(1, "a", 0.4));
        archive.Offer(E(2, "b", 0.9) with { Recipe = new NokenRecipe(NokenStrategies.Around, new Dictionary<string, double> { ["step"] = 0.5, ["centre_index"] = 7 }, 3) { Centre = Recipe } });
        var json = JsonSerializer.Serialize(archive, SearchState.Json);
        var back = JsonSerializer.Deserialize<EliteArchive>(json, SearchState.Json)!;
        Assert.Equal(2, back.PerClass);
        Assert.Equal(archive.Elites, back.Elites);
    }
}
