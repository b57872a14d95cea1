using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// A shard issued by <see cref="AdaptiveSearchPolicy"/>: nokens <see cref="Start"/>..+<see cref="Count"/> of
/// <see cref="Recipe"/>. An exploit shard also says which class's elite it samples around and that elite's score,
/// which is what its outcomes are measured against when the step size adapts.
/// </summary>
public sealed record SearchShard(long Id, NokenRecipe Recipe, long Start, int Count, string? Class = null, double CentreScore = 0)
{
    public bool IsExploit => Class is not null;
}
