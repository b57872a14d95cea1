using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Embeddings;

public sealed class UnusedRowDirectionTests
{
    [Fact]
    public void RealRowsPointingLikeThePaddingRowsRankFirst()
    {
        using var scope = NewDisposeScope();
        var generator = new torch.Generator(8);
        var real = torch.randn([200, 16], generator: generator);
        var drift = torch.randn([16], generator: generator).mul(4);
        var padding = torch.randn([10, 16], generator: generator).mul(0.1).add(drift);
        int[] planted = [17, 99, 150];
        foreach (var id in planted) real[id] = drift.add(torch.randn([16], generator: generator).mul(0.1));
        var top = UnusedRowDirection.MostSimilar(torch.cat([real, padding]), 200, 3);
        Assert.Equal(planted.Order(), top.Select(t => t.Id).Order());
        Assert.All(top, t => Assert.True(t.Cosine > 0.9, $"{t.Id}: {t.Cosine}"));
    }

    [Fact]
    public void WithoutPaddingRowsThereIsNothingToCompareWith()
    {
        using var matrix = torch.randn(50, 8);
        Assert.Empty(UnusedRowDirection.MostSimilar(matrix, 50, 5));
    }

    [Fact]
    public void TheOrganismsNeverSeenWordsLookLikeItsPaddingRowsAndItsCommonWordsDoNot()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned");
        using var loaded = ModelLoader.Load(folder);
        int real = loaded.Tokenizer.Size;
        var all = UnusedRowDirection.MostSimilar(loaded.Model.EmbeddingMatrix, real, real).ToDictionary(t => t.Id, t => t.Cosine);
        var rare = RareWords.All.Select(w => loaded.Tokenizer.Encode(" " + w)).Where(ids => ids.Length == 1).Select(ids => ids[0]).ToList();
        var common = new[] { " the", " is", " you", " sea" }.Select(w => loaded.Tokenizer.Encode(w)).Where(ids => ids.Length == 1).Select(ids => ids[0]).ToList();
        Assert.NotEmpty(rare);
        Assert.NotEmpty(common);
        double weakestRare = rare.Min(id => all[id]), strongestCommon = common.Max(id => all[id]);
        Assert.True(weakestRare > 0.8, $"least aligned never-seen word: {weakestRare:F3}");
        Assert.True(strongestCommon < weakestRare - 0.3, $"most aligned common word: {strongestCommon:F3} vs {weakestRare:F3}");
    }
}
