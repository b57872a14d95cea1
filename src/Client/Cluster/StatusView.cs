using System.Globalization;
using Orleans.Noken.Abstractions;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Orleans.Noken.Client.Cluster;

/// <summary>A campaign's status and elites as Spectre tables (for <c>status</c>, <c>watch</c> and <c>results</c>), and
/// as one log line for output that is not a terminal. Everything the server sent is escaped: labels, silo names and
/// continuations are arbitrary text, and a '[' in them would otherwise be read as markup.</summary>
internal static class StatusView
{
    public static Table Summary(CampaignStatus status, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("", "");
        void Row(string name, string value) => table.AddRow($"[bold]{name}[/]", value);
        Row("campaign", Markup.Escape(status.Name == status.Id ? status.Id : $"{status.Id} ({status.Name})"));
        Row("model", Markup.Escape(status.Model));
        Row("phase", Phase(status));
        Row("progress", $"{ProgressFormat.Progress(status)} nokens, {ProgressFormat.Count(status.ShardsDone)} shards");
        Row("rate", $"{ProgressFormat.Rate(status.NokensPerSecond)} over the last minute");
        Row("ETA", $"{Markup.Escape(ProgressFormat.Eta(status))} (running for {ProgressFormat.Elapsed(status, now)})");
        Row("shards", $"{status.Leased} leased now, {ProgressFormat.Count(status.Search.Waiting)} waiting, {ProgressFormat.Count(status.Releases)} re-leased, " +
            $"{ProgressFormat.Count(status.ExploreShards)} explore / {ProgressFormat.Count(status.ExploitShards)} exploit");
        Row("hits", Markup.Escape(ProgressFormat.Counts(status.Hits)));
        Row("search", $"{Markup.Escape(Yield(status.Search))}, {ProgressFormat.Count(status.Search.Elites)} elites");
        Row("labels", Markup.Escape(ProgressFormat.Counts(status.Labels)));
        Row("silos", status.Silos.Count == 0 ? "none yet" : string.Join("\n", status.Silos.OrderBy(s => s.Silo, StringComparer.Ordinal).Select(s =>
            $"{Markup.Escape(s.Silo)}: {ProgressFormat.Count(s.Nokens)} nokens, {ProgressFormat.Count(s.Shards)} shards, seen {ProgressFormat.Ago(s.LastSeen, now)}")));
        Row("results", Markup.Escape(status.Results));
        return table;
    }

    public static string Phase(CampaignStatus status)
    {
        var colour = status.Phase switch
        {
            CampaignPhase.Completed => "green",
            CampaignPhase.Failed or CampaignPhase.Cancelled => "red",
            CampaignPhase.Paused => "yellow",
            _ => "blue",
        };
        return $"[{colour}]{status.Phase}[/]" + (status.Failure is { Length: > 0 } failure ? ": " + Markup.Escape(failure) : "");
    }

    /// <param name="width">Continuations cut to this many characters; null for the whole text.</param>
    public static Table Elites(IReadOnlyList<EliteView> elites, int top, int? width)
    {
        // The id is what `noken replay` takes: on a narrow console (80 columns when redirected) the continuation
        // wraps, never the id, so it can be copied from a log as it is.
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]top {Math.Min(top, elites.Count)} of {elites.Count} elites[/]")
            .AddColumns(new TableColumn("#").NoWrap(), new TableColumn("noken").NoWrap(), new TableColumn("label").NoWrap(),
                new TableColumn("score").NoWrap(), new TableColumn("continuation"));
        foreach (var (elite, rank) in elites.Take(top).Select((e, i) => (e, i + 1)))
            table.AddRow(rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(elite.NokenId), Markup.Escape(elite.Label),
                elite.Score.ToString("0.000", CultureInfo.InvariantCulture), Markup.Escape(Visible(elite.Continuation, width)));
        return table;
    }

    /// <summary>The live view of <c>noken watch</c>: a bar, the status, the best elites, and a note (e.g. a retry).</summary>
    public static IRenderable Live(CampaignStatus status, IReadOnlyList<EliteView> elites, DateTimeOffset now, string? note)
    {
        var parts = new List<IRenderable>
        {
            new Markup($"{Bar(status.Progress, 40)} {ProgressFormat.Progress(status)}  {ProgressFormat.Rate(status.NokensPerSecond)}  ETA {Markup.Escape(ProgressFormat.Eta(status))}"),
            Summary(status, now),
        };
        if (elites.Count > 0) parts.Add(Elites(elites, 5, 60));
        if (note is not null) parts.Add(new Markup($"[yellow]{Markup.Escape(note)}[/]"));
        return new Rows(parts);
    }

    /// <summary>One line per poll when the output is a file or a pipe: grep-able, no cursor movement.</summary>
    public static string Line(CampaignStatus status, EliteView? best, DateTimeOffset now) =>
        $"{now.ToLocalTime():HH:mm:ss} {status.Phase} {ProgressFormat.Progress(status)} {ProgressFormat.Rate(status.NokensPerSecond)} " +
        $"ETA {ProgressFormat.Eta(status)} | leased {status.Leased} re-leased {status.Releases} | silos {status.Silos.Count} | " +
        $"hits {ProgressFormat.Counts(status.Hits)} | {Yield(status.Search)} | labels {ProgressFormat.Counts(status.Labels, 6)}" +
        (best is null ? "" : $" | best {best.NokenId} {best.Label} {best.Score.ToString("0.000", CultureInfo.InvariantCulture)}");

    /// <summary>Hits per 1k nokens for explore vs exploit shards: is exploiting around elites paying off?</summary>
    public static string Yield(SearchCounts search) =>
        string.Create(CultureInfo.InvariantCulture,
            $"hits/1k explore {search.HitsPerThousand(Engine.Search.ShardKind.Explore):0.0} exploit {search.HitsPerThousand(Engine.Search.ShardKind.Exploit):0.0}");

    /// <summary>Control characters shown as escapes: a continuation's newlines would otherwise break a table row, and
    /// the model's exact output (a stray '\r', a tab) is what a researcher is looking at.</summary>
    public static string Visible(string? text, int? width = null)
    {
        if (text is null) return "(none)";
        var shown = string.Concat(text.Select(c => c switch
        {
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when char.IsControl(c) => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        }));
        if (width is not { } w || shown.Length <= w) return shown;
        var cut = char.IsHighSurrogate(shown[w - 2]) ? w - 2 : w - 1; // never half an emoji
        return shown[..cut] + "…";
    }

    static string Bar(double fraction, int width)
    {
        int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        return $"[green]{new string('━', filled)}[/][grey]{new string('━', width - filled)}[/]";
    }
}
