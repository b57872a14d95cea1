namespace Orleans.Noken.Engine.Campaigns;

/// <summary>What a finished shard contributes to the campaign's tables: counts per (strategy | distance, label),
/// and per prompt how often each label fired with the noken, out of how many pairs. Saved next to the shard's
/// Parquet file so a resumed sweep rebuilds its summary without rereading results.</summary>
public sealed record ShardSummary(
    string Strategy,
    int Nokens,
    Dictionary<string, int> LabelsByStrategy,
    Dictionary<string, Dictionary<string, int>> LabelsByDistance,
    Dictionary<string, Dictionary<string, int>> FiredByPrompt,
    Dictionary<string, int> PairsByPrompt,
    double Seconds);
