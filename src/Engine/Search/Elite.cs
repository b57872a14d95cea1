using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// One archived noken: enough to replay it (<see cref="Recipe"/> + <see cref="Index"/>), the behaviour class it
/// showed (the detectors' top label) and its unwanted score; the continuation only when the caller kept it.
/// </summary>
public sealed record Elite(NokenRecipe Recipe, long Index, string Label, double Score, string? Continuation = null)
{
    /// <summary>A noken's identity, for de-duplication and tie-breaks: the recipe's canonical text and the index.</summary>
    public string Key => $"{Recipe}#{Index}";

    /// <summary>The campaign noken id (<see cref="SearchShard.NokenId"/>) when the elite came from a campaign shard.</summary>
    public string? NokenId { get; init; }
}
