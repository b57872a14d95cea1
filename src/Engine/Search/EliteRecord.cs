using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Search;

/// <summary>An elite as a campaign's <c>elites/elites.json</c> holds it (written with <see cref="SearchState.Json"/>):
/// replayable (recipe, index), classified, and with its vector, so tools that read the store can use the noken
/// without the model's embedding statistics.</summary>
public sealed record EliteRecord(string NokenId, NokenRecipe Recipe, long Index, string Label, double Score, string? Continuation, float[]? Vector)
{
    public const string FileName = "elites.json";
}
