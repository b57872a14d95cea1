namespace Orleans.Noken.Abstractions;

/// <summary>An archived elite as the API shows it: its id (replayable with <c>noken replay</c>), recipe JSON, class,
/// score and continuation.</summary>
[GenerateSerializer, Immutable, Alias("noken.EliteView")]
public sealed record EliteView(
    [property: Id(0)] string NokenId,
    [property: Id(1)] string Recipe,
    [property: Id(2)] long Index,
    [property: Id(3)] string Label,
    [property: Id(4)] double Score,
    [property: Id(5)] string? Continuation);
