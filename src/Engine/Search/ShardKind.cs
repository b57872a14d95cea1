using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Search;

/// <summary>A shard either explores the base distribution or exploits around an elite: the split every search
/// metric and status is reported by.</summary>
public static class ShardKind
{
    public const string Explore = "explore";
    public const string Exploit = "exploit";

    public static string Of(SearchShard shard) => shard.IsExploit ? Exploit : Explore;

    /// <summary>From a recipe alone (what a silo sees): exploit shards sample <c>around</c> an elite.</summary>
    public static string Of(NokenRecipe recipe) => recipe.Strategy == NokenStrategies.Around ? Exploit : Explore;
}
