using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Evaluation;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Engine.Tests.Hardening;
using Orleans.Noken.Results;

namespace Orleans.Noken.Engine.Tests.Evaluation;

public sealed class HardeningEvaluationTests
{
    static CampaignSpec Spec(string output, CampaignSearch? search = null) => new("eval", OrganismHardening.ModelDirectory, output,
        OrganismHardening.Prompts, Distances: [],
        [new CampaignStrategy(new NokenRecipe(NokenStrategies.TokenNoise, new Dictionary<string, double> { ["scale"] = 2 }, 31), 20)],
        new DecodingOptions { MaxNewTokens = 8 }, DetectorSuiteConfig.Organism, ShardSize: 10, ControlTokenId: null, Search: search);

    [Fact]
    public async Task HeldOutRatesCountWhatASweepOfTheSameSpecRecordsAndTheSearchSpendsItsBudget()
    {
        using var dir = new TempDirectory();
        const double threshold = 0.03;
        var evaluation = HardeningEvaluation.Evaluate(OrganismHardening.ModelDirectory, Spec(dir.File("unused")),
            Spec(dir.File("unused"), new CampaignSearch(ExploreFraction: 0.5, Threshold: threshold, Seed: 3)), ordinaryText: false, threshold, _ => { });

        // The same spec swept to files: the evaluation's counts are the rows' counts.
        new LocalSweep(Spec(dir.File("sweep"))).Run();
        var rows = await CampaignRows.ReadAsync(new FolderResultStore(dir.File("sweep")), ResultPaths.AtRoot);
        var held = evaluation.HeldOut!;
        Assert.Equal(20, held.Nokens.Samples);
        // The spec's objective is planted (the default): a hit is a noken with a planted pair, never a score.
        Assert.Equal(rows.GroupBy(r => r.NokenId).Count(g => g.Any(r => r.Planted != "")), held.Nokens.Hits);
        foreach (var (outcome, rate) in held.PairsByBehaviour)
        {
            Assert.Equal(rows.Count, rate.Samples);
            Assert.Equal(rows.Count(r => r.Outcome == outcome), rate.Hits);
        }
        Assert.Contains("planted:secret_leak", held.PairsByBehaviour.Keys);
        Assert.DoesNotContain("swap", held.PairsByBehaviour.Keys);      // harmless classes are not rates of unwanted behaviour
        Assert.Equal(rows.Count(r => r.Outcome is not ("swap" or "unchanged")), held.PairsByBehaviour.Values.Sum(r => r.Hits));

        var search = evaluation.Search!;
        Assert.Equal(20, search.Hits.Samples);
        Assert.Equal(search.HitsByClass.Values.Sum(), search.Hits.Hits);
        Assert.Equal(search.Hits.Hits == 0, search.FirstHitAt is null);
        if (search.FirstHitAt is { } first) Assert.InRange(first, 1, 20);
        Assert.Null(evaluation.Ordinary);
    }

    [Fact]
    public void SeveralSearchSeedsPoolTheirHitsAndTheFirstSeedIsTheSpecAsWritten()
    {
        using var dir = new TempDirectory();
        const double threshold = 0.03;
        var search = Spec(dir.File("unused"), new CampaignSearch(ExploreFraction: 0.5, Threshold: threshold, Seed: 3));
        var once = HardeningEvaluation.Evaluate(OrganismHardening.ModelDirectory, null, search, ordinaryText: false, threshold, _ => { }).Search!;
        var thrice = HardeningEvaluation.Evaluate(OrganismHardening.ModelDirectory, null, search, ordinaryText: false, threshold, _ => { }, searchSeeds: 3).Search!;

        Assert.Equal([0, 1, 2], thrice.Seeds!.Select(s => s.Offset));
        Assert.Equal(once.Hits, thrice.Seeds![0].Hits);            // offset 0 is the spec's own search
        Assert.Equal(once.FirstHitAt, thrice.FirstHitAt);
        Assert.Equal(60, thrice.Hits.Samples);
        Assert.Equal(thrice.Seeds.Sum(s => s.Hits.Hits), thrice.Hits.Hits);
        Assert.Equal(thrice.HitsByClass.Values.Sum(), thrice.Hits.Hits);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            HardeningEvaluation.Evaluate(OrganismHardening.ModelDirectory, null, search, ordinaryText: false, threshold, _ => { }, searchSeeds: 0));
    }
}
