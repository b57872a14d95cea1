using System.Globalization;
using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Client.Cluster;

/// <summary>How a campaign's progress reads in a table or a log line: counts with separators, rates, durations that
/// stay short (<c>3m12s</c>, <c>2h05m</c>), and an ETA that says why there is none.</summary>
internal static class ProgressFormat
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary><c>1,234/10,000 (12.3%)</c>.</summary>
    public static string Progress(CampaignStatus status) =>
        $"{Count(status.NokensDone)}/{Count(status.Budget)} ({Percent(status.Progress)})";

    /// <summary><c>12.3%</c> (the invariant culture's "P1" writes <c>12.3 %</c>).</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", Invariant) + "%";

    public static string Rate(double nokensPerSecond) => nokensPerSecond switch
    {
        <= 0 or double.NaN => "-",
        < 10 => nokensPerSecond.ToString("0.00", Invariant) + "/s",
        < 1000 => nokensPerSecond.ToString("0.0", Invariant) + "/s",
        _ => nokensPerSecond.ToString("N0", Invariant) + "/s",
    };

    /// <summary><c>532 B</c>, <c>1.2 MB</c>: binary multiples, named as people say them.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : $"{value.ToString("0.0", Invariant)} {units[unit]}";
    }

    /// <summary>Two units at most: a researcher wants to know "minutes or hours", not the seconds of a 3-hour ETA.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalSeconds switch
        {
            < 1 => "<1s",
            < 60 => $"{(int)span.TotalSeconds}s",
            < 3600 => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
            < 86400 => $"{(int)span.TotalHours}h{span.Minutes:00}m",
            _ => $"{(int)span.TotalDays}d{span.Hours:00}h",
        };
    }

    /// <summary>Time left at the current rate; a word instead when there is no meaningful number.</summary>
    public static string Eta(CampaignStatus status)
    {
        if (status.Phase.IsFinal()) return status.Phase == CampaignPhase.Completed ? "done" : "-";
        if (status.Phase == CampaignPhase.Paused) return "paused";
        var remaining = status.Budget - status.NokensDone;
        if (remaining <= 0) return "finishing";
        if (status.NokensPerSecond <= 0 || double.IsNaN(status.NokensPerSecond)) return "unknown (no rate yet)";
        var seconds = remaining / status.NokensPerSecond;
        // Beyond this, a rate measured over the last minute says nothing; and TimeSpan overflows far later anyway.
        return seconds > 365 * 86400 ? "over a year" : Duration(TimeSpan.FromSeconds(seconds));
    }

    /// <summary>How long since a silo was last heard from: <c>4s ago</c>.</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now) => Duration(now - then) + " ago";

    /// <summary>The run time of a campaign: until it finished, else until now.</summary>
    public static string Elapsed(CampaignStatus status, DateTimeOffset now) => Duration((status.Finished ?? now) - status.Created);

    /// <summary><c>gibberish:34 secret:2</c>, largest first, at most <paramref name="top"/> entries (+N more).</summary>
    public static string Counts(IReadOnlyDictionary<string, long> counts, int top = int.MaxValue)
    {
        if (counts.Count == 0) return "-";
        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var shown = string.Join(" ", ordered.Take(top).Select(c => $"{c.Key}:{Count(c.Value)}"));
        return ordered.Count > top ? $"{shown} (+{ordered.Count - top} more)" : shown;
    }
}
