using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Campaigns;

/// <summary>
/// Every upper bound of <see cref="CampaignSpecLimits"/> is a problem naming its field, and a spec just inside each
/// bound reads: the limits cut off what costs too much, not what a researcher runs.
/// </summary>
public sealed class SpecLimitsTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public SpecLimitsTests() => Directory.CreateDirectory(_dir.File("model"));

    public void Dispose() => _dir.Dispose();

    static string Spec(int maxNewTokens = 8, int shardSize = 64, long count = 100, int prompts = 1, int promptChars = 20, int distances = 0) =>
        $$"""
        name: limits
        model: model
        shard_size: {{shardSize}}
        prompts:
        {{string.Concat(Enumerable.Range(0, prompts).Select(i => $"  - name: p{i}\n    text: \"{{noken}}{new string('a', promptChars - 7)}\"\n"))}}
        {{(distances == 0 ? "" : $"distances: [{string.Join(", ", Enumerable.Range(0, distances))}]")}}
        strategies:
          - strategy: gaussian-diag
            count: {{Math.Min(count, int.MaxValue)}}
          - strategy: random-direction
            count: {{Math.Max(0, count - int.MaxValue) + 1}}
        decoding: { max_new_tokens: {{maxNewTokens}} }
        """;

    CampaignSpec Read(string text, CampaignSpecLimits? limits = null) => CampaignSpecReader.Parse(text, "limits.yaml", _dir.Path, limits: limits);

    string Refusal(string text, CampaignSpecLimits? limits = null) =>
        Assert.Single(Assert.Throws<CampaignSpecException>(() => Read(text, limits)).Problems);

    [Fact]
    public void ASpecAtEveryDefaultBoundReads()
    {
        var limits = CampaignSpecLimits.Default;
        var spec = Read(Spec(maxNewTokens: limits.MaxNewTokens, shardSize: limits.MaxShardSize, count: limits.MaxNokens - 1,
            prompts: limits.MaxPrompts, distances: limits.MaxDistances));
        Assert.Equal(limits.MaxNokens, spec.TotalNokens);
        Assert.Equal(limits.MaxPrompts, spec.Prompts.Count);
        // The longest prompt reads too (256 of them would pass the spec's 1 MiB: that bound holds the product).
        Assert.Equal(limits.MaxPromptChars, Read(Spec(promptChars: limits.MaxPromptChars)).Prompts[0].Text.Length);
    }

    [Fact]
    public void MaxNewTokensPastTheBoundIsRefusedByField()
    {
        Assert.StartsWith("decoding.max_new_tokens: must be at most 1,024 (got 1,025)", Refusal(Spec(maxNewTokens: 1025)));
        // The issue's probe: int.MaxValue used to pass the reader and overflow at run time.
        Assert.StartsWith("decoding.max_new_tokens: must be at most", Refusal(Spec(maxNewTokens: int.MaxValue)));
    }

    [Fact]
    public void AShardSizePastTheBoundIsRefusedByField() =>
        Assert.StartsWith("shard_size: must be at most 10,000", Refusal(Spec(shardSize: 10_001)));

    [Fact]
    public void ABudgetPastTheBoundIsRefusedEvenWhenEachCountFitsAnInt() =>
        // Two counts of about 2³¹ each: each is a valid int, their sum (4.3 billion) is past 10⁸.
        Assert.StartsWith("strategies: the budget (the sum of the counts) is 4,294,967,294 nokens; at most 100,000,000",
            Refusal(Spec(count: 2L * int.MaxValue - 1)));

    [Fact]
    public void TooManyPromptsAndTooLongAPromptAreRefusedByField()
    {
        Assert.StartsWith("prompts: 257 entries; at most 256", Refusal(Spec(prompts: 257)));
        Assert.StartsWith("prompts[0].text: 8,001 characters; at most 8,000", Refusal(Spec(promptChars: 8_001)));
        Assert.StartsWith("distances: 65 entries; at most 64", Refusal(Spec(distances: 65)));
    }

    [Fact]
    public void TheBoundsAreConfigurable()
    {
        var tight = new CampaignSpecLimits { MaxNewTokens = 4, MaxNokens = 50 };
        var problems = Assert.Throws<CampaignSpecException>(() => Read(Spec(maxNewTokens: 8), tight)).Problems;
        Assert.Contains(problems, p => p.StartsWith("decoding.max_new_tokens: must be at most 4", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("strategies: the budget", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAttacksMaxNewTokensAndShardSizeAreBoundedToo()
    {
        var attack = """
            name: a
            model: model
            shard_size: 20000
            attack: { target: secret, method: embedding, max_new_tokens: 5000 }
            """;
        var problems = Assert.Throws<CampaignSpecException>(() => Read(attack)).Problems;
        Assert.Contains(problems, p => p.StartsWith("shard_size: must be at most", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("attack.max_new_tokens: must be at most", StringComparison.Ordinal));
    }

    [Fact]
    public void TheJudgesShortlistAndTheSearchsElitesAreBoundedToo()
    {
        var spec = Spec() + "\njudge: { top: 1000000, max_concurrency: 100000 }\nsearch: { elites_per_class: 1000000 }\n";
        var problems = Assert.Throws<CampaignSpecException>(() => Read(spec)).Problems;
        Assert.Equal(["judge.top: must be at most 10,000 (got 1,000,000)", "judge.max_concurrency: must be at most 64 (got 100,000)",
            "search.elites_per_class: must be at most 256 (got 1,000,000)"], problems);
    }
}
