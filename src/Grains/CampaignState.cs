using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains;

/// <summary>
/// What a coordinator persists (Redis on a cluster, a file for <c>noken run</c>): the spec, the phase, the search
/// policy's state (a shard ledger and the elite archive, as JSON: the engine's types carry no Orleans serializers),
/// the leases and the running totals. Small whatever the budget: nothing here grows with the number of nokens.
/// </summary>
[GenerateSerializer, Alias("noken.CampaignState")]
public sealed class CampaignState
{
    [Id(0)] public string? Spec { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Model { get; set; } = "";
    [Id(3)] public CampaignPhase Phase { get; set; }
    [Id(4)] public string? Failure { get; set; }
    [Id(5)] public long Budget { get; set; }
    [Id(6)] public string Search { get; set; } = "";
    [Id(7)] public Dictionary<long, LeaseRecord> Leases { get; set; } = [];
    [Id(8)] public Dictionary<string, long> Labels { get; set; } = [];
    [Id(9)] public long NokensDone { get; set; }
    [Id(10)] public long ShardsDone { get; set; }
    [Id(11)] public long Releases { get; set; }
    [Id(12)] public Dictionary<string, SiloActivity> Silos { get; set; } = [];
    [Id(13)] public Dictionary<long, int> Failures { get; set; } = [];
    [Id(14)] public DateTimeOffset Created { get; set; }
    [Id(15)] public DateTimeOffset? Finished { get; set; }
    // Id 16 was SummaryWritten (Completed already says it); retired, never reused.
    [Id(17)] public long ExploreShards { get; set; }
    [Id(18)] public long ExploitShards { get; set; }
    /// <summary>The search policy's options as JSON (fixed at submit, so a coordinator never needs the model to resume).</summary>
    [Id(19)] public string Options { get; set; } = "";
    /// <summary>Folded nokens and hits by shard kind (explore, exploit): is exploiting paying off?</summary>
    [Id(20)] public Dictionary<string, long> NokensByKind { get; set; } = [];
    [Id(21)] public Dictionary<string, long> HitsByKind { get; set; } = [];
    /// <summary>An attack campaign's attack as JSON (its units are the ledger's "nokens"); null for a sweep.</summary>
    [Id(22)] public string? Attack { get; set; }
}

/// <summary>Which silo holds a shard, until when.</summary>
[GenerateSerializer, Immutable, Alias("noken.LeaseRecord")]
public sealed record LeaseRecord([property: Id(0)] string Silo, [property: Id(1)] DateTimeOffset ExpiresAt);
