using System.Globalization;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// The one place shard file stems and noken ids are made, for <c>noken sweep</c>, <c>noken run</c> and the cluster
/// alike: a shard is <c>{id:D9}-{strategy}</c> (its number in issue order, zero-padded so names sort in that order,
/// and its recipe's strategy for a reader scanning a folder), a noken is <c>{stem}/{index}</c> (its shard and its
/// index in the shard's recipe). A stem names the shard's summary, which holds the recipe, so an id alone is enough
/// to regenerate its noken.
/// </summary>
public static class ShardNames
{
    public static string Stem(long shardId, string strategy) => $"{shardId.ToString("D9", CultureInfo.InvariantCulture)}-{strategy}";

    public static string NokenId(string stem, long index) => $"{stem}/{index.ToString(CultureInfo.InvariantCulture)}";
}
