using Orleans.Noken.Results;
using Parquet.Serialization;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>Every (noken × prompt) row a campaign's shards hold, read back from its result store.</summary>
public static class CampaignRows
{
    public static async Task<List<NokenRow>> ReadAsync(IResultStore store, ResultPaths paths, CancellationToken cancellation = default)
    {
        var rows = new List<NokenRow>();
        foreach (var file in (await store.ListAsync(paths.ShardsPrefix, cancellation)).Where(f => paths.ShardStemOf(f) is not null))
        {
            using var stream = new MemoryStream(await store.ReadRequiredAsync(file, cancellation), writable: false);
            rows.AddRange((await ParquetSerializer.DeserializeAsync<NokenRow>(stream, cancellationToken: cancellation)).Data);
        }
        return rows;
    }
}
