namespace Orleans.Noken.Abstractions;

/// <summary>
/// A shard a silo may run until <see cref="ExpiresAt"/>: nokens <see cref="Start"/>..+<see cref="Count"/> of the
/// recipe in <see cref="Recipe"/> (the engine's recipe JSON; the coordinator never sends vectors). Its result file is
/// named <see cref="Stem"/>, a function of the shard alone, so a second silo running the same shard after an
/// expiry writes to the same name and loses the race harmlessly.
/// </summary>
[GenerateSerializer, Immutable, Alias("noken.ShardLease")]
public sealed record ShardLease(
    [property: Id(0)] string Campaign,
    [property: Id(1)] long ShardId,
    [property: Id(2)] string Stem,
    [property: Id(3)] string Recipe,
    [property: Id(4)] long Start,
    [property: Id(5)] int Count,
    [property: Id(6)] DateTimeOffset ExpiresAt);
