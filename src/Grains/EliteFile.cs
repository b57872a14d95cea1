using System.Text.Json;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Grains;

/// <summary>
/// Writes the elite archive with vectors. Vectors live in the shard summaries the silos wrote (the coordinator
/// never receives them); each is read once and remembered, so a checkpoint reads only the new elites' shards.
/// </summary>
public sealed class EliteFile(CampaignStorage storage, string campaign)
{
    readonly Dictionary<string, float[]?> _vectors = new(StringComparer.Ordinal);

    /// <param name="elites">In the order the file should list them (the archive's <see cref="EliteArchive.Ranked"/>).</param>
    public async Task WriteAsync(IReadOnlyList<Elite> elites, CancellationToken cancellation = default)
    {
        var paths = storage.PathsOf(campaign);
        var records = new List<EliteRecord>(elites.Count);
        foreach (var elite in elites)
            records.Add(new EliteRecord(elite.NokenId ?? elite.Key, elite.Recipe, elite.Index, elite.Label, elite.Score, elite.Continuation,
                elite.NokenId is null ? null : await VectorOfAsync(elite.NokenId, paths, cancellation)));
        await storage.Store.WriteAsync(paths.Elite(EliteRecord.FileName), JsonSerializer.SerializeToUtf8Bytes(records, SearchState.Json), cancellation);
    }

    async Task<float[]?> VectorOfAsync(string nokenId, Results.ResultPaths paths, CancellationToken cancellation)
    {
        if (_vectors.TryGetValue(nokenId, out var known)) return known;
        int slash = nokenId.LastIndexOf('/');
        if (slash < 0 || !long.TryParse(nokenId[(slash + 1)..], out var index)) return null;
        var summary = await ShardFiles.TryReadSummaryAsync(storage.Store, paths, nokenId[..slash], cancellation);
        var vector = summary?.Vectors?.FirstOrDefault(v => v.Index == index)?.Vector;
        // Not remembered while the shard's summary is missing: it may land later.
        if (summary is not null) _vectors[nokenId] = vector;
        return vector;
    }
}
