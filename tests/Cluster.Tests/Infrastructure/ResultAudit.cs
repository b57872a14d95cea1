using Azure.Storage.Blobs;
using Orleans.Noken.Engine.Campaigns;
using Parquet.Serialization;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>Reads back everything a campaign wrote to the blob container, to check the exactly-once promises.</summary>
/// <param name="GeneratedTokens">The shard summaries' generated tokens, summed.</param>
public sealed record ResultAudit(int ShardFiles, int SummaryFiles, IReadOnlyList<NokenRow> Rows, bool HasSummary, long GeneratedTokens)
{
    public static async Task<ResultAudit> ReadAsync(BlobServiceClient service, string container, string campaign)
    {
        var client = service.GetBlobContainerClient(container);
        var prefix = $"campaigns/{campaign}/";
        var rows = new List<NokenRow>();
        int shards = 0, summaries = 0;
        long generated = 0;
        bool hasSummary = false;
        await foreach (var blob in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, default))
        {
            var name = blob.Name[prefix.Length..];
            if (name == "summary.json") hasSummary = true;
            if (name.StartsWith("shards/", StringComparison.Ordinal) && name.EndsWith(".summary.json", StringComparison.Ordinal))
            {
                summaries++;
                var summary = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToObjectFromJson<ShardSummary>(SweepSummary.Json);
                generated += summary!.GeneratedTokens;
            }
            if (!name.StartsWith("shards/", StringComparison.Ordinal) || !name.EndsWith(".parquet", StringComparison.Ordinal)) continue;
            shards++;
            using var content = new MemoryStream();
            await client.GetBlobClient(blob.Name).DownloadToAsync(content);
            content.Position = 0;
            rows.AddRange((await ParquetSerializer.DeserializeAsync<NokenRow>(content)).Data);
        }
        return new ResultAudit(shards, summaries, rows, hasSummary, generated);
    }

    /// <summary>The promises after any fault: every shard's file once, the budget's nokens once each, on every prompt.</summary>
    public void AssertExactlyOnce(long budget, int prompts, long shardsDone)
    {
        Assert.True(HasSummary, "summary.json is missing");
        Assert.Equal(shardsDone, ShardFiles);
        Assert.Equal(ShardFiles, SummaryFiles);
        Assert.Equal(budget * prompts, Rows.Count);
        Assert.Equal(budget, Rows.Select(r => r.NokenId).Distinct().LongCount());
        Assert.Equal(Rows.Count, Rows.Select(r => (r.NokenId, r.Prompt, r.Distance)).Distinct().Count());
    }
}
