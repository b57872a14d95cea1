using System.Text.Json;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Results;

namespace Orleans.Noken.Engine.Tests.Hardening;

public sealed class HardeningNokensTests
{
    static readonly NokenRecipe Recipe = new(NokenStrategies.TokenNoise, new Dictionary<string, double> { ["scale"] = 2 }, 21);

    [Fact]
    public async Task ACampaignsNokensAreItsElitesAndItsFlaggedRowsRegeneratedBitForBitBestFirst()
    {
        using var dir = new TempDirectory();
        var spec = new CampaignSpec("harden-input", OrganismHardening.ModelDirectory, dir.File("campaign"), OrganismHardening.Prompts,
            Distances: [], [new CampaignStrategy(Recipe, 24)], new DecodingOptions { MaxNewTokens = 8 }, DetectorSuiteConfig.Organism,
            ShardSize: 12, ControlTokenId: null);
        new LocalSweep(spec).Run();
        var store = new FolderResultStore(dir.File("campaign"));
        // An elite whose vector the coordinator stored: it is taken as it is, not regenerated.
        var elite = new EliteRecord("elite/0", Recipe, 0, "secret", 0.9, "the password is", Enumerable.Repeat(0.5f, 128).ToArray());
        await store.WriteAsync(ResultPaths.AtRoot.Elite(EliteRecord.FileName), JsonSerializer.SerializeToUtf8Bytes(new[] { elite }, SearchState.Json));

        using var loaded = ModelLoader.Load(OrganismHardening.ModelDirectory);
        var nokens = await HardeningNokens.FromCampaignAsync(store, ResultPaths.AtRoot, loaded, threshold: 0, max: 10);

        Assert.Equal(10, nokens.Count);
        Assert.Equal(nokens.OrderByDescending(n => n.Score).Select(n => n.NokenId), nokens.Select(n => n.NokenId));
        Assert.Equal("elite", nokens[0].Source);
        Assert.Equal(elite.Vector, nokens[0].Vector);
        var rows = await CampaignRows.ReadAsync(store, ResultPaths.AtRoot);
        using var statistics = EmbeddingStatistics.Of(loaded);
        var sampler = NokenSamplers.Create(Recipe, statistics, loaded.Config);
        foreach (var noken in nokens.Skip(1))
        {
            Assert.Equal("flagged", noken.Source);
            var worst = rows.Where(r => r.NokenId == noken.NokenId).MaxBy(r => r.UnwantedScore)!;
            Assert.Equal(worst.UnwantedScore, noken.Score);
            Assert.Equal(sampler.Sample(worst.Index), noken.Vector);
        }

        // Above the threshold only: every flagged noken scored at least it, and none is left out.
        double threshold = rows.Max(r => r.UnwantedScore) / 2;
        var strong = await HardeningNokens.FromCampaignAsync(store, ResultPaths.AtRoot, loaded, threshold, max: 100);
        int expected = rows.GroupBy(r => r.NokenId).Count(g => g.Max(r => r.UnwantedScore) >= threshold) + 1;   // + the elite
        Assert.Equal(expected, strong.Count);
        Assert.All(strong, n => Assert.True(n.Score >= threshold));
    }
}
