using Orleans.Noken.Results;

namespace Orleans.Noken.Engine.Attacks.Campaign;

/// <summary>
/// An attack campaign's files in the result store: one <c>attacks/{stem}.json</c> per shard, written first-write-wins
/// (any silo that runs a shard finds the same vectors), and once every shard is in, <c>attack.json</c>: the whole
/// campaign as one <c>noken attack --json</c> report, built from the shard files alone.
/// </summary>
public static class AttackFiles
{
    /// <summary>Writes the shard's file; false when it was already there (another run got there first).</summary>
    public static Task<bool> StoreAsync(IResultStore store, ResultPaths paths, string stem, AttackShardFile file, CancellationToken cancellation = default) =>
        store.TryCreateAsync(paths.AttackShard(stem), file.ToUtf8(), cancellation);

    /// <summary>The shard's file when it exists, else null (it has to run).</summary>
    public static async Task<AttackShardFile?> TryReadAsync(IResultStore store, ResultPaths paths, string stem, CancellationToken cancellation = default)
    {
        var path = paths.AttackShard(stem);
        return await store.ReadAsync(path, cancellation) is { } bytes ? AttackShardFile.FromUtf8(bytes, path) : null;
    }

    /// <summary>Every shard file's units, in unit order, as one report; written to <c>attack.json</c>.</summary>
    public static async Task<AttackReport> WriteReportAsync(IResultStore store, ResultPaths paths, CampaignAttack attack, CancellationToken cancellation = default)
    {
        var results = new List<AttackUnitResult>();
        foreach (var path in await store.ListAsync(paths.AttacksPrefix, cancellation))
        {
            if (paths.AttackStemOf(path) is null) continue;
            var bytes = await store.ReadAsync(path, cancellation) ?? throw new InvalidOperationException($"{path} was listed but cannot be read");
            results.AddRange(AttackShardFile.FromUtf8(bytes, path).Results);
        }
        // A unit is in one shard only; a duplicate would mean two ledgers issued it, and is counted once.
        var units = results.GroupBy(r => r.Index).Select(g => g.First()).OrderBy(r => r.Index).ToList();
        var report = AttackReport.Of(attack.Goal, attack.Options, units);
        await store.WriteAsync(paths.AttackReport, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(report, AttackReport.Json), cancellation);
        return report;
    }
}
