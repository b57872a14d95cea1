namespace Orleans.Noken.Abstractions;

/// <summary>
/// What a silo tells the coordinator when a shard's files are in the result store: per noken only what search needs
/// (<see cref="Outcomes"/>), and counts per top label. The rows themselves stay in the store.
/// </summary>
[GenerateSerializer, Immutable, Alias("noken.ShardReport")]
public sealed record ShardReport(
    [property: Id(0)] long ShardId,
    [property: Id(1)] IReadOnlyList<OutcomeReport> Outcomes,
    [property: Id(2)] IReadOnlyDictionary<string, int> Labels,
    [property: Id(3)] double Seconds);

/// <summary>One noken's best pair over the campaign's prompts under its objective: its index in the shard's recipe,
/// class and objective score, whether it is a hit; the continuation only where the score is above 0 (elites keep it).</summary>
[GenerateSerializer, Immutable, Alias("noken.OutcomeReport")]
public sealed record OutcomeReport(
    [property: Id(0)] long Index,
    [property: Id(1)] string Label,
    [property: Id(2)] double Score,
    [property: Id(3)] string? Continuation,
    [property: Id(4)] bool Hit = false);
