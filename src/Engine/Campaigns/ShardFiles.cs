using System.Text.Json;
using Orleans.Noken.Results;
using Parquet.Serialization;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// A shard's two files in the result store: its rows (<c>{stem}.parquet</c>) and its summary
/// (<c>{stem}.summary.json</c>). Both are written first-write-wins, rows first and summary last, so a shard counts as
/// finished only when both exist; a rerun after a crash between them finds the rows already there (the same rows:
/// a shard is a deterministic recipe) and adds the missing summary. A late duplicate changes nothing.
/// </summary>
public static class ShardFiles
{
    /// <summary>Writes the shard; false when its rows were already there (another run got there first).</summary>
    public static async Task<bool> StoreAsync(IResultStore store, ResultPaths paths, string stem, ShardResult result,
        CancellationToken cancellation = default)
    {
        bool created;
        using (var rows = new MemoryStream())
        {
            await ParquetSerializer.SerializeAsync(result.Rows, rows, customMetadata: ShardFileMetadata.Of(result.Rows), cancellationToken: cancellation);
            rows.Position = 0;
            created = await store.TryCreateAsync(paths.ShardResults(stem), rows, cancellation);
        }
        await store.TryCreateAsync(paths.ShardSummary(stem), JsonSerializer.SerializeToUtf8Bytes(result.Summary, SweepSummary.Json), cancellation);
        return created;
    }

    /// <summary>The shard's summary when both of its files exist, else null (it has to run).</summary>
    public static async Task<ShardSummary?> TryReadFinishedAsync(IResultStore store, ResultPaths paths, string stem,
        CancellationToken cancellation = default)
    {
        if (!await store.ExistsAsync(paths.ShardResults(stem), cancellation)) return null;
        return await TryReadSummaryAsync(store, paths, stem, cancellation);
    }

    public static async Task<ShardSummary?> TryReadSummaryAsync(IResultStore store, ResultPaths paths, string stem,
        CancellationToken cancellation = default)
    {
        var bytes = await store.ReadAsync(paths.ShardSummary(stem), cancellation);
        return bytes is null ? null : JsonSerializer.Deserialize<ShardSummary>(bytes, SweepSummary.Json);
    }
}
