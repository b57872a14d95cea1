namespace Orleans.Noken.Abstractions;

/// <summary>
/// A campaign at a glance: what <c>noken status</c> and <c>noken watch</c> show and what the API returns. Counts come
/// from the coordinator's shard ledger, so they count each shard once however many silos reported it.
/// </summary>
/// <param name="Budget">Nokens the campaign will run in all.</param>
/// <param name="Leased">Shards a silo is working on now.</param>
/// <param name="Releases">Leases that expired (a silo died or stalled) and went back to the pool.</param>
/// <param name="Labels">Nokens per detector top label.</param>
/// <param name="Hits">Nokens at or above the unwanted threshold, per top label.</param>
/// <param name="NokensPerSecond">Over the last minute of completed shards.</param>
/// <param name="Search">Explore vs exploit, the queue and the elites: the numbers the campaign dashboard shows.</param>
[GenerateSerializer, Immutable, Alias("noken.CampaignStatus")]
public sealed record CampaignStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Model,
    [property: Id(3)] CampaignPhase Phase,
    [property: Id(4)] string? Failure,
    [property: Id(5)] long Budget,
    [property: Id(6)] long NokensDone,
    [property: Id(7)] long ShardsDone,
    [property: Id(8)] int Leased,
    [property: Id(9)] long Releases,
    [property: Id(10)] IReadOnlyDictionary<string, long> Labels,
    [property: Id(11)] IReadOnlyDictionary<string, long> Hits,
    [property: Id(12)] long ExploreShards,
    [property: Id(13)] long ExploitShards,
    [property: Id(14)] IReadOnlyList<SiloActivity> Silos,
    [property: Id(15)] double NokensPerSecond,
    [property: Id(16)] DateTimeOffset Created,
    [property: Id(17)] DateTimeOffset? Finished,
    [property: Id(18)] string Results,
    [property: Id(19)] SearchCounts Search)
{
    public double Progress => Budget == 0 ? 0 : (double)NokensDone / Budget;
}

/// <summary>A silo's part in a campaign: what it finished and when it was last heard from.</summary>
[GenerateSerializer, Immutable, Alias("noken.SiloActivity")]
public sealed record SiloActivity(
    [property: Id(0)] string Silo,
    [property: Id(1)] long Nokens,
    [property: Id(2)] long Shards,
    [property: Id(3)] DateTimeOffset LastSeen);

/// <summary>How the search is doing: nokens and hits by shard kind (explore, exploit), the shards still to run and
/// the elite archive's size. The same numbers the coordinator's metrics export.</summary>
/// <param name="Waiting">Shards the campaign still needs that no silo is running: issued and unleased, or not yet issued.</param>
[GenerateSerializer, Immutable, Alias("noken.SearchCounts")]
public sealed record SearchCounts(
    [property: Id(0)] IReadOnlyDictionary<string, long> NokensByKind,
    [property: Id(1)] IReadOnlyDictionary<string, long> HitsByKind,
    [property: Id(2)] long Waiting,
    [property: Id(3)] int Elites)
{
    /// <summary>Hits per 1000 nokens of one kind (0 before any).</summary>
    public double HitsPerThousand(string kind) =>
        NokensByKind.GetValueOrDefault(kind) is var n and > 0 ? 1000.0 * HitsByKind.GetValueOrDefault(kind) / n : 0;
}
