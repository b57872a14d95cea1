using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Grains;

/// <summary>
/// Builds a finished campaign's <c>summary.json</c> from what is in the store — each shard's summary file and the
/// <c>control.json</c> the first silo wrote — so it counts exactly the shards whose files exist, once each.
/// </summary>
public static class CampaignSummary
{
    public static async Task<SweepSummary> WriteAsync(CampaignStorage storage, string campaign, string name, string model,
        CancellationToken cancellation = default)
    {
        var paths = storage.PathsOf(campaign);
        var control = CampaignControl.FromUtf8(await Results.ResultStoreExtensions.ReadRequiredAsync(storage.Store, paths.Control, cancellation));
        var shards = new List<ShardSummary>();
        foreach (var path in await storage.Store.ListAsync(paths.ShardsPrefix, cancellation))
        {
            if (paths.ShardStemOf(path) is not { } stem) continue;
            shards.Add(await ShardFiles.TryReadSummaryAsync(storage.Store, paths, stem, cancellation)
                ?? throw new InvalidOperationException($"shard {stem} has rows but no summary file yet"));
        }
        var summary = SweepSummary.Build(name, model, control.ModelHash, control.Labels, shards, control.ControlFired);
        await storage.Store.WriteAsync(paths.Summary, System.Text.Encoding.UTF8.GetBytes(summary.ToJson()), cancellation);
        return summary;
    }
}
