using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Search;
using Orleans.Noken.Results;

namespace Orleans.Noken.Engine.Reporting;

/// <summary>What a report reads of one campaign's result store: its summary, every shard's summary (outcomes per
/// noken, in shard order) and its elites. Small whatever the campaign: no Parquet row is read.</summary>
/// <param name="Layer">Where the nokens entered: 0 for input embeddings, L for the residual stream at block L's input.</param>
public sealed record CampaignFacts(string Name, double Threshold, SweepSummary? Summary, IReadOnlyList<ShardSummary> Shards,
    IReadOnlyList<EliteRecord> Elites, int Layer = 0, string Mode = "Replace")
{
    public static async Task<CampaignFacts> LoadAsync(IResultStore store, ResultPaths paths, string name, double? threshold = null,
        CancellationToken cancellation = default)
    {
        var spec = await store.ReadAsync(paths.Spec, cancellation)
            ?? throw new FileNotFoundException($"{name}: no spec.json — not a campaign's folder or store");
        // The search section's threshold, else the search default the CLI uses.
        var specNode = JsonNode.Parse(spec);
        double hit = threshold ?? specNode?["search"]?["threshold"]?.GetValue<double>() ?? 0.1;
        int layer = specNode?["injection"]?["layer"]?.GetValue<int>() ?? 0;
        string mode = specNode?["injection"]?["mode"]?.GetValue<string>() ?? "Replace";
        var summaryBytes = await store.ReadAsync(paths.Summary, cancellation);
        var summary = summaryBytes is null ? null : JsonSerializer.Deserialize<SweepSummary>(summaryBytes, SweepSummary.Json);
        var shards = new List<(string Path, ShardSummary Summary)>();
        foreach (var file in await store.ListAsync(paths.ShardsPrefix, cancellation))
        {
            if (!file.EndsWith(".summary.json", StringComparison.Ordinal)) continue;
            var shard = JsonSerializer.Deserialize<ShardSummary>(await store.ReadRequiredAsync(file, cancellation), SweepSummary.Json);
            if (shard is not null) shards.Add((file, shard));
        }
        var elitesBytes = await store.ReadAsync(paths.Elite(EliteRecord.FileName), cancellation);
        var elites = elitesBytes is null ? [] : JsonSerializer.Deserialize<List<EliteRecord>>(elitesBytes, SearchState.Json) ?? [];
        // Shard stems start with the shard's number in issue order (Search.ShardNames), for sweep, run and cluster alike.
        return new CampaignFacts(name, hit, summary, shards.OrderBy(s => s.Path, StringComparer.Ordinal).Select(s => s.Summary).ToList(), elites,
            layer, mode);
    }
}
