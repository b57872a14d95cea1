using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// A shard issued by <see cref="AdaptiveSearchPolicy"/>: nokens <see cref="Start"/>..+<see cref="Count"/> of
/// <see cref="Recipe"/>. An exploit shard also says which class's elite it samples around and that elite's score,
/// which is what its outcomes are measured against when the step size adapts.
/// </summary>
public sealed record SearchShard(long Id, NokenRecipe Recipe, long Start, int Count, string? Class = null, double CentreScore = 0)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsExploit => Class is not null;

    /// <summary>The shard's result-file stem (<see cref="ShardNames"/>): a function of the shard alone, so every silo
    /// that runs it writes the same name and the first write wins.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Stem => ShardNames.Stem(Id, Recipe.Strategy);

    /// <summary>A noken's id in a campaign: its shard's stem and its index in the shard's recipe.</summary>
    public string NokenId(long index) => ShardNames.NokenId(Stem, index);
}
