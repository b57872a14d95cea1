namespace Orleans.Noken.Abstractions;

/// <summary>A line of the campaign list: the registry's copy of each campaign's id, name, phase and creation time.</summary>
[GenerateSerializer, Immutable, Alias("noken.CampaignEntry")]
public sealed record CampaignEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] CampaignPhase Phase,
    [property: Id(3)] DateTimeOffset Created);
