using System.Text.Json;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;
using Orleans.Noken.Results;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>A noken to harden against: where it came from and its vector.</summary>
/// <param name="Source">"elite" (from the campaign's elite archive) or "flagged" (a row at or above the threshold).</param>
public sealed record HardeningNoken(string NokenId, string Label, double Score, string Source, float[] Vector);

/// <summary>
/// The nokens a campaign found: its elites (their vectors are in <c>elites/elites.json</c>) and every noken whose
/// worst prompt scored at or above the threshold (regenerated from its row's recipe (written with default JSON options) on the campaign's model, bit for
/// bit as the silo sampled it). Each noken once, the highest-scoring first, at most <c>max</c>.
/// </summary>
public static class HardeningNokens
{
    public static async Task<IReadOnlyList<HardeningNoken>> FromCampaignAsync(IResultStore store, ResultPaths paths, LoadedModel loaded,
        double threshold, int max, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var found = new Dictionary<string, HardeningNoken>(StringComparer.Ordinal);
        if (await store.ReadAsync(paths.Elite(EliteRecord.FileName), cancellation) is { } elitesFile)
            foreach (var elite in JsonSerializer.Deserialize<List<EliteRecord>>(elitesFile, SearchState.Json) ?? [])
                if (elite.Score >= threshold && elite.Vector is { } vector)
                    found[elite.NokenId] = new HardeningNoken(elite.NokenId, elite.Label, elite.Score, "elite", vector);

        var rows = await CampaignRows.ReadAsync(store, paths, cancellation);
        var flagged = rows.GroupBy(r => r.NokenId)
            .Select(g => g.OrderByDescending(r => r.UnwantedScore).First())
            .Where(r => r.UnwantedScore >= threshold && !found.ContainsKey(r.NokenId))
            .OrderByDescending(r => r.UnwantedScore).ThenBy(r => r.NokenId, StringComparer.Ordinal)
            .Take(max)
            .ToList();
        if (flagged.Count > 0)
        {
            using var statistics = EmbeddingStatistics.Of(loaded);
            foreach (var row in flagged)
            {
                var recipe = JsonSerializer.Deserialize<NokenRecipe>(row.Recipe)
                    ?? throw new InvalidDataException($"noken {row.NokenId}: its row has no recipe");
                var vector = NokenSamplers.Create(recipe, statistics, loaded.Config).Sample(row.Index);
                found[row.NokenId] = new HardeningNoken(row.NokenId, row.TopLabel, row.UnwantedScore, "flagged", vector);
            }
        }
        return found.Values.OrderByDescending(n => n.Score).ThenBy(n => n.NokenId, StringComparer.Ordinal).Take(max).ToList();
    }
}
