using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Engine.Tests.Generation;
using Orleans.Noken.Results;
using Parquet.Serialization;

namespace Orleans.Noken.Engine.Tests.Campaigns;

public sealed class LocalSweepTests
{
    static CampaignSpec Spec(string model, string output) => new(
        "test", model, output,
        [
            new CampaignPrompt("repeat", "Please repeat this word: {noken}", Chat: true, PromptKind.Echo),
            new CampaignPrompt("story", "Once upon a time, {noken}", Chat: false, PromptKind.Benign),
        ],
        Distances: [0, 2],
        Strategies:
        [
            new CampaignStrategy(new NokenRecipe(NokenStrategies.GaussianDiag, new Dictionary<string, double>(), 1), 10),
            new CampaignStrategy(new NokenRecipe(NokenStrategies.TokenNoise, new Dictionary<string, double> { ["scale"] = 0.5 }, 2), 4),
        ],
        new DecodingOptions { MaxNewTokens = 4 },
        DetectorSuiteConfig.Organism with { Detectors = DetectorSuiteConfig.Organism.Detectors.Where(d => d.Detector != DetectorCatalog.Gibberish).ToList() },
        ShardSize: 4,
        ControlTokenId: null);

    [Fact]
    public async Task ASweepWritesEveryPairOnceAsReplayableParquetRowsAndASummaryThatAddsUp()
    {
        using var dir = new TempDirectory();
        using (GenerationFixture.Load(dir.File("model"), "llama")) { }
        var spec = Spec(dir.File("model"), dir.File("out"));
        var summary = new LocalSweep(spec).Run();

        var files = Directory.GetFiles(dir.File("out/shards"), "*.parquet").Order().ToList();
        Assert.Equal(SweepPlan.Of(spec).Count, files.Count); // 3 + 1 shards
        var rows = new List<NokenRow>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            rows.AddRange((await ParquetSerializer.DeserializeAsync<NokenRow>(stream)).Data);
        }
        // 14 nokens × 2 prompts × 2 distances, each pair once.
        Assert.Equal(56, rows.Count);
        Assert.Equal(56, rows.Select(r => (r.NokenId, r.Prompt, r.Distance)).Distinct().Count());
        // A prompt is one group whatever the distances; where the noken sat is in its own columns.
        Assert.Equal(["repeat", "story"], rows.Select(r => r.Prompt).Distinct().Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True(r.TokensAfter >= r.Distance && r.Position > 0, $"{r.Prompt}: {r.TokensAfter} after, at {r.Position}"));
        Assert.Equal(56, summary.Pairs);
        Assert.Equal(14, summary.Nokens);
        Assert.Equal(40, summary.ByStrategy[NokenStrategies.GaussianDiag].Values.Sum());
        Assert.Equal(rows.Count(r => r.TopLabel == "silence"), summary.ByStrategy.Values.Sum(c => c.GetValueOrDefault("silence")));
        Assert.True(File.Exists(dir.File("out/summary.json")));
        Assert.True(File.Exists(dir.File("out/spec.json")));
        // The planted table names prompts and distances as the rows do: per label, one entry per (Prompt, TokensAfter)
        // group of rows, with that group's pair count.
        var groups = rows.GroupBy(r => (r.Prompt, r.TokensAfter)).ToDictionary(g => g.Key, g => g.Count());
        var plantedGroups = summary.Planted.GroupBy(p => (p.Prompt, p.TokensAfter)).ToDictionary(g => g.Key, g => g.Select(p => p.Pairs).Distinct().Single());
        Assert.Equal(groups.OrderBy(g => g.Key), plantedGroups.OrderBy(g => g.Key));
        Assert.All(summary.Planted, p => Assert.DoesNotContain("@", p.Prompt));
        Assert.Contains("\"tokensAfter\"", File.ReadAllText(dir.File("out/summary.json")));

        // A row names its noken by recipe: regenerating it gives the recorded norm.
        using var loaded = ModelLoader.Load(dir.File("model"));
        using var statistics = EmbeddingStatistics.Compute(loaded.Model.EmbeddingMatrix, loaded.Tokenizer.Size);
        var row = rows.First(r => r.Strategy == NokenStrategies.TokenNoise && r.Index == 3);
        var sampler = NokenSamplers.Create(spec.Strategies[1].Recipe, statistics, loaded.Config);
        var vector = sampler.Sample(row.Index);
        Assert.Equal(Math.Sqrt(vector.Sum(x => (double)x * x)), row.Norm, 4);
    }

    [Fact]
    public void AnInterruptedSweepResumesRunningOnlyTheMissingShards()
    {
        using var dir = new TempDirectory();
        using (GenerationFixture.Load(dir.File("model"), "gpt2")) { }
        var spec = Spec(dir.File("model"), dir.File("out"));
        var first = new LocalSweep(spec).Run();

        var shards = dir.File("out/shards");
        var lost = Directory.GetFiles(shards, "000000002-gaussian-diag.*");
        Assert.Equal(2, lost.Length);
        foreach (var file in lost) File.Delete(file);
        var untouched = Directory.GetFiles(shards).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var progress = new List<SweepProgress>();
        var second = new LocalSweep(spec).Run(progress.Add);
        Assert.Equal(3, progress[^1].ShardsResumed);
        Assert.All(untouched, f => Assert.Equal(f.Value, File.GetLastWriteTimeUtc(f.Key)));
        Assert.True(File.Exists(Path.Combine(shards, "000000002-gaussian-diag.parquet")));
        Assert.Equal(first.Pairs, second.Pairs);
        Assert.Equal(first.ByStrategy.OrderBy(k => k.Key).Select(k => k.Value.OrderBy(v => v.Key)), second.ByStrategy.OrderBy(k => k.Key).Select(k => k.Value.OrderBy(v => v.Key)));
    }

    [Fact]
    public async Task ASweepGivenAStoreAndCampaignPathsWritesTheSharedLayoutThroughIt()
    {
        using var dir = new TempDirectory();
        using (GenerationFixture.Load(dir.File("model"), "gpt2")) { }
        var spec = Spec(dir.File("model"), dir.File("unused"));
        var store = new FolderResultStore(dir.File("store"));
        var paths = ResultPaths.ForCampaign(spec.Name);
        new LocalSweep(spec, store, paths).Run();

        var shards = await store.ListAsync(paths.ShardsPrefix);
        Assert.Equal(SweepPlan.Of(spec).Count, shards.Count(p => paths.ShardStemOf(p) is not null));
        Assert.Equal(SweepPlan.Of(spec).Select(s => paths.ShardSummary(s.Stem)).Order(StringComparer.Ordinal),
            shards.Where(p => p.EndsWith(".summary.json", StringComparison.Ordinal)));
        Assert.True(File.Exists(dir.File("store/campaigns/test/spec.json")));
        Assert.True(File.Exists(dir.File("store/campaigns/test/summary.json")));
        Assert.False(Directory.Exists(dir.File("unused")));
    }
}
