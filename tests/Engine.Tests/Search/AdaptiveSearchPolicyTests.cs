using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Engine.Tests.Search;

public class AdaptiveSearchPolicyTests
{
    static readonly NokenRecipe[] Bases =
    [
        new(NokenStrategies.GaussianDiag, new Dictionary<string, double>(), 1),
        new(NokenStrategies.RandomDirection, new Dictionary<string, double>(), 2),
    ];

    static SearchOptions Options(long budget = 1000, int shardSize = 10, long seed = 42, double explore = 0.3) =>
        new(Bases, budget, shardSize, seed, ExploreFraction: explore, SuccessThreshold: 0.5, InitialStep: 0.5, MinStep: 0.1, MaxStep: 2.0);

    static List<NokenOutcome> All(SearchShard shard, string label, double score) =>
        Enumerable.Range(0, shard.Count).Select(i => new NokenOutcome(shard.Start + i, label, score, score >= 0.5)).ToList();

    /// <summary>A stand-in for the model: a pure function of the noken's recipe and index.</summary>
    static List<NokenOutcome> Fake(SearchShard shard) =>
        Enumerable.Range(0, shard.Count).Select(i =>
        {
            long index = shard.Start + i;
            uint h = (uint)HashCode.Combine(shard.Recipe.ToString(), index) ; // stable within a process
            double score = (h % 1000) / 1000.0;
            return new NokenOutcome(index, score > 0.9 ? "secret" : score > 0.8 ? "hostile" : "none", score, score >= 0.5);
        }).ToList();

    [Fact]
    public void ExploresUntilThereIsAnEliteThenSplitsByTheExploreFraction()
    {
        var policy = new AdaptiveSearchPolicy(Options(budget: 20_000, shardSize: 10));
        var first = policy.NextShard()!;
        Assert.False(first.IsExploit);                               // nothing to exploit yet
        Assert.Equal((Bases[0], 0L), (first.Recipe, first.Start));
        policy.Complete(first.Id, All(first, "secret", 0.7));

        int exploit = 0, shards = 0;
        var starts = new HashSet<(NokenRecipe, long)>();
        while (policy.NextShard() is { } shard)
        {
            shards++;
            if (shard.IsExploit)
            {
                exploit++;
                Assert.Equal(NokenStrategies.Around, shard.Recipe.Strategy);
                Assert.Equal(first.Recipe, shard.Recipe.Centre);
            }
            else Assert.True(starts.Add((shard.Recipe, shard.Start)));   // explore ranges are fresh, never repeated
            policy.Complete(shard.Id, All(shard, "secret", 0.55));      // hits, but below the first elites: they stay the centres
        }
        Assert.InRange((double)exploit / shards, 0.66, 0.74);
        Assert.Equal(20_000, policy.Issued);
        Assert.True(policy.IsFinished);
    }

    [Fact]
    public void PureRandomNeverExploits()
    {
        var policy = new AdaptiveSearchPolicy(Options(explore: 1));
        while (policy.NextShard() is { } shard)
        {
            Assert.False(shard.IsExploit);
            policy.Complete(shard.Id, All(shard, "secret", 0.9));
        }
    }

    [Fact]
    public void StepGrowsOnSuccessShrinksOnFailureAndIsClamped()
    {
        var policy = new AdaptiveSearchPolicy(Options(explore: 0));
        var seedShard = policy.NextShard()!;
        policy.Complete(seedShard.Id, All(seedShard, "secret", 0.8));

        var up = policy.NextShard()!;
        Assert.Equal(0.5, up.Recipe.Parameters["step"]);
        policy.Complete(up.Id, All(up, "secret", 0.6));          // every noken stays above the threshold: success
        Assert.Equal(0.75, policy.StatisticsOf("secret").Step, 12);

        for (int i = 0; i < 5; i++) { var s = policy.NextShard()!; policy.Complete(s.Id, All(s, "secret", 0.6)); }
        Assert.Equal(2.0, policy.StatisticsOf("secret").Step);   // clamped at MaxStep

        var down = policy.NextShard()!;
        Assert.Equal(2.0, down.Recipe.Parameters["step"]);
        // One success in ten (10% < 20%): shrink.
        policy.Complete(down.Id, All(down, "secret", 0.1).Select((o, i) => i == 0 ? o with { Score = 0.9 } : o).ToList());
        Assert.Equal(2.0 / 1.5, policy.StatisticsOf("secret").Step, 12);
        for (int i = 0; i < 10; i++) { var s = policy.NextShard()!; policy.Complete(s.Id, All(s, "secret", 0.0)); }
        Assert.Equal(0.1, policy.StatisticsOf("secret").Step);   // clamped at MinStep
    }

    [Fact]
    public void ClassesAreExploitedInTurn()
    {
        var policy = new AdaptiveSearchPolicy(Options(explore: 0));
        var a = policy.NextShard()!;
        policy.Complete(a.Id, All(a, "hostile", 0.9).Select((o, i) => i == 0 ? o with { Label = "secret", Score = 0.2 } : o).ToList());
        var classes = Enumerable.Range(0, 6).Select(_ => policy.NextShard()!.Class).ToList();
        Assert.Equal(new[] { "hostile", "secret", "hostile", "secret", "hostile", "secret" }, classes);
    }

    [Fact]
    public void SameSeedSameShardsDifferentSeedDifferentShards()
    {
        string Run(long seed)
        {
            var policy = new AdaptiveSearchPolicy(Options(seed: seed));
            var log = new List<string>();
            while (policy.NextShard() is { } shard) { log.Add($"{shard.Recipe}@{shard.Start}"); policy.Complete(shard.Id, Fake(shard)); }
            return string.Join("\n", log) + policy.Checkpoint().ToJson();
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void ResumingFromJsonContinuesExactlyAsAnUninterruptedRun()
    {
        var whole = new AdaptiveSearchPolicy(Options());
        while (whole.NextShard() is { } shard) whole.Complete(shard.Id, Fake(shard));

        var first = new AdaptiveSearchPolicy(Options());
        for (int i = 0; i < 40; i++) { var s = first.NextShard()!; first.Complete(s.Id, Fake(s)); }
        var inFlight = first.NextShard()!;                        // issued before the checkpoint, completed after
        var json = first.Checkpoint().ToJson();

        var resumed = new AdaptiveSearchPolicy(Options(), SearchState.FromJson(json));
        Assert.Equal(json, resumed.Checkpoint().ToJson());
        Assert.True(resumed.Complete(inFlight.Id, Fake(inFlight)));
        while (resumed.NextShard() is { } shard) resumed.Complete(shard.Id, Fake(shard));

        Assert.Equal(whole.Checkpoint().ToJson(), resumed.Checkpoint().ToJson());
        Assert.True(whole.Archive.Count > 0 && whole.Hits > 0);
    }

    [Fact]
    public void ADuplicateOrUnknownCompletionCountsNothing()
    {
        var policy = new AdaptiveSearchPolicy(Options());
        var shard = policy.NextShard()!;
        Assert.True(policy.Complete(shard.Id, All(shard, "secret", 0.9)));
        Assert.Equal(10, policy.Hits);
        Assert.False(policy.Complete(shard.Id, All(shard, "secret", 0.9)));
        Assert.False(policy.Complete(999, All(shard, "secret", 0.9)));
        Assert.Equal(10, policy.Hits);
        var next = policy.NextShard()!;
        Assert.Throws<ArgumentException>(() => policy.Complete(next.Id, [new NokenOutcome(next.Start + next.Count, "x", 1, true)]));
    }
}
