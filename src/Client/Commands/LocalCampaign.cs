using System.Text.Json;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Search;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// A campaign's output folder read without a cluster (what <c>noken run</c> and <c>noken sweep</c> write): its
/// elites and its progress from the shard summaries on disk — finished shards only, so a campaign interrupted
/// mid-shard shows what a resume starts from.
/// </summary>
internal static class LocalCampaign
{
    public static string Checked(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such campaign folder");
        if (!File.Exists(Path.Combine(folder, "spec.json")) && !File.Exists(Path.Combine(folder, "summary.json")))
            throw new DirectoryNotFoundException($"{folder}: not a campaign folder (no spec.json or summary.json)");
        return folder;
    }

    public static IReadOnlyList<EliteView> Elites(string folder)
    {
        var file = Path.Combine(Checked(folder), "elites", EliteRecord.FileName);
        if (!File.Exists(file)) return [];
        var records = JsonSerializer.Deserialize<List<EliteRecord>>(File.ReadAllBytes(file), SearchState.Json) ?? [];
        return [.. records.OrderByDescending(e => e.Score).Select(e => new EliteView(e.NokenId, JsonSerializer.Serialize(e.Recipe, SearchState.Json), e.Index, e.Label, e.Score, e.Continuation))];
    }

    /// <summary>Name, state, nokens done of the budget, shards, and pairs per outcome class, from the files.</summary>
    public static void PrintStatus(string folder)
    {
        Checked(folder);
        var shards = Directory.Exists(Path.Combine(folder, "shards"))
            ? Directory.GetFiles(Path.Combine(folder, "shards"), "*.summary.json").Select(f => JsonSerializer.Deserialize<ShardSummary>(File.ReadAllBytes(f), SweepSummary.Json)!).ToList()
            : [];
        long budget = File.Exists(Path.Combine(folder, "spec.json"))
            ? JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "spec.json"))).RootElement.TryGetProperty("strategies", out var strategies)
                ? strategies.EnumerateArray().Sum(s => s.TryGetProperty("count", out var c) ? c.GetInt64() : 0) : 0
            : 0;
        bool done = File.Exists(Path.Combine(folder, "summary.json"));
        long nokens = shards.Sum(s => (long)s.Nokens);
        var grid = new Table().AddColumns("", "").HideHeaders();
        grid.AddRow("campaign", Markup.Escape(Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/'))));
        grid.AddRow("state", done ? "completed" : "not finished (rerun its `noken run` to resume)");
        grid.AddRow("nokens", budget > 0 ? $"{nokens:N0} / {budget:N0} ({(double)nokens / budget:P0})" : $"{nokens:N0}");
        grid.AddRow("shards", $"{shards.Count:N0} finished");
        var outcomes = shards.SelectMany(s => s.PairOutcomes ?? new Dictionary<string, int>()).GroupBy(kv => kv.Key)
            .Select(g => (g.Key, Count: g.Sum(kv => (long)kv.Value))).OrderByDescending(x => x.Count).ToList();
        if (outcomes.Count > 0) grid.AddRow("pairs by outcome", Markup.Escape(string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Count:N0}"))));
        AnsiConsole.Write(grid);
    }
}
