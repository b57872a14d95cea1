using Orleans.Noken.Engine.Campaigns;
using Parquet.Serialization;

namespace Orleans.Noken.Client.Tests.Cluster.EndToEnd;

/// <summary>Every row of every shard file under a campaign folder's <c>shards/</c>, as the sweep wrote them.</summary>
internal static class ParquetRows
{
    public static async Task<IReadOnlyList<NokenRow>> ReadAllAsync(string campaignFolder)
    {
        var rows = new List<NokenRow>();
        foreach (var file in Directory.GetFiles(Path.Combine(campaignFolder, "shards"), "*.parquet").Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            rows.AddRange((await ParquetSerializer.DeserializeAsync<NokenRow>(stream)).Data);
        }
        return rows;
    }
}
