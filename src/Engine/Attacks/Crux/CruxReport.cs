using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Attacks.Crux;

/// <summary>What <c>noken crux --json</c> writes and <c>noken report --crux</c> reads: the budget, the seeds, the
/// table and every unit (snake_case, so that scripts in any language read it).</summary>
public sealed record CruxReport(long Budget, int Seeds, long Seed, int BackwardCost, IReadOnlyList<CruxReportRow> Rows, IReadOnlyList<CruxReportUnit> Units)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static CruxReport Of(long budget, int seeds, long seed, IReadOnlyList<(string Goal, CruxUnitResult Unit)> results) => new(
        budget, seeds, seed, CruxBudget.BackwardCost,
        results.GroupBy(r => r.Goal).SelectMany(g => CruxComparison.Rows(g.Key, g.Select(r => r.Unit).ToList())).Select(r => new CruxReportRow(
            r.Goal, r.Arm, r.Units, r.Successes, r.Rate.Value, [r.Rate.Lower, r.Rate.Upper], r.MedianSpentToSuccess, r.MeanSpent)).ToList(),
        results.Select(r => new CruxReportUnit(r.Goal, r.Unit.Arm, r.Unit.Prompt, r.Unit.Restart, r.Unit.Success, r.Unit.Spent, r.Unit.Reply, r.Unit.Text)).ToList());

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a crux JSON file, with the file named in any error.</summary>
    public static CruxReport Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the crux file does not exist", path);
        try
        {
            var report = JsonSerializer.Deserialize<CruxReport>(File.ReadAllBytes(path), Json);
            return report is { Rows: not null, Units: not null } ? report : throw new FormatException($"{path}: not a `noken crux --json` file");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }
}

public sealed record CruxReportRow(string Goal, string Arm, int Units, int Successes, double SuccessRate, double[] Interval,
    double? MedianSpentToSuccess, double MeanSpent);

/// <param name="Text">For a text attack: the real-token string in the slot (replay it as the prompt's prefix).</param>
public sealed record CruxReportUnit(string Goal, string Arm, string Prompt, int Restart, bool Success, long Spent, string Reply, string? Text = null);
