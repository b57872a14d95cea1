using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>What a finished shard contributes to the campaign's tables: counts per (strategy | distance, label),
/// and per prompt how often each label fired with the noken, out of how many pairs. Saved next to the shard's
/// Parquet file so a resumed sweep rebuilds its summary without rereading results. It also records the shard's
/// recipe and start (a noken id names a shard; replay reads its recipe here) and each noken's outcome, so a silo
/// that finds a shard already written can report it without running it again.</summary>
public sealed record ShardSummary(
    string Strategy,
    int Nokens,
    Dictionary<string, int> LabelsByStrategy,
    Dictionary<string, Dictionary<string, int>> LabelsByDistance,
    Dictionary<string, Dictionary<string, int>> FiredByPrompt,
    Dictionary<string, int> PairsByPrompt,
    double Seconds)
{
    public NokenRecipe? Recipe { get; init; }
    public long Start { get; init; }
    public IReadOnlyList<NokenOutcome>? Outcomes { get; init; }

    /// <summary>Tokens the model generated for the shard's (noken × prompt) pairs (0 in summaries written before it
    /// was counted).</summary>
    public long GeneratedTokens { get; init; }

    /// <summary>Pairs per ground-truth outcome class (empty in summaries written before outcomes existed).</summary>
    public Dictionary<string, int> PairOutcomes { get; init; } = [];

    /// <summary>Per outcome class, a 64-bit hash of each distinct reply text: the campaign counts distinct outputs per
    /// class by their union, because 64 copies of one sentence are one finding, not 64.</summary>
    public Dictionary<string, long[]> DistinctReplies { get; init; } = [];

    /// <summary>The vectors of the shard's best nokens per label (those that can become elites), so that the
    /// campaign's elites file carries vectors without any silo keeping a shard's nokens.</summary>
    public IReadOnlyList<NokenVector>? Vectors { get; init; }
}

/// <summary>A noken's input-embedding vector, by its index in the shard's recipe.</summary>
public sealed record NokenVector(long Index, float[] Vector);
