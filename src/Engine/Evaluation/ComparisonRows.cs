using System.Globalization;

namespace Orleans.Noken.Engine.Evaluation;

/// <summary>One measure before and after hardening: a rate with its interval, or a plain figure (a loss, a count).
/// <see cref="Capability"/> marks a measure where more is better (a helpful answer), unlike every unwanted rate.</summary>
public sealed record ComparisonRow(string Measure, Rate? Before, Rate? After, string? BeforeFigure = null, string? AfterFigure = null,
    bool Capability = false)
{
    public string BeforeText => Before?.ToString() ?? BeforeFigure ?? "–";
    public string AfterText => After?.ToString() ?? AfterFigure ?? "–";
}

/// <summary>The measures of a <see cref="HardeningComparison"/> in reading order, shared by <c>noken evaluate</c>'s
/// table and the report so that both say the same thing in the same words.</summary>
public static class ComparisonRows
{
    public static IReadOnlyList<ComparisonRow> Of(HardeningComparison c)
    {
        var rows = new List<ComparisonRow>();
        var (x, y) = (c.Before, c.After);
        if (x.HeldOut is { } hb && y.HeldOut is { } ha)
        {
            rows.Add(new("held-out nokens ≥ threshold", hb.Nokens, ha.Nokens));
            rows.AddRange(hb.PairsByBehaviour.Where(b => b.Value.Hits > 0 || ha.PairsByBehaviour.GetValueOrDefault(b.Key)?.Hits > 0)
                .Select(b => new ComparisonRow($"held-out pairs: {b.Key}", b.Value, ha.PairsByBehaviour.GetValueOrDefault(b.Key))));
        }
        if (x.Search is { } sb && y.Search is { } sa)
        {
            int seeds = sb.Seeds?.Count ?? 1;
            rows.Add(new(seeds > 1 ? $"fresh search: hits ({seeds} seeds pooled)" : "fresh search: hits", sb.Hits, sa.Hits));
            rows.Add(new(seeds > 1 ? "fresh search: nokens to the first hit, per seed" : "fresh search: nokens to the first hit", null, null, FirstHits(sb), FirstHits(sa)));
        }
        if (x.Ordinary is { } ob && y.Ordinary is { } oa)
        {
            rows.AddRange(ob.OnTriggers.Select(t => new ComparisonRow($"no noken, trigger prompts: {t.Key}", t.Value, oa.OnTriggers.GetValueOrDefault(t.Key))));
            rows.AddRange(ob.OnOrdinary.Select(t => new ComparisonRow($"no noken, ordinary prompts: {t.Key}", t.Value, oa.OnOrdinary.GetValueOrDefault(t.Key))));
            rows.Add(new("no noken, ordinary prompts: any", ob.AnyOnOrdinary, oa.AnyOnOrdinary));
            if (ob.Helpful is not null && oa.Helpful is not null) rows.Add(new("ordinary prompts answered helpfully", ob.Helpful, oa.Helpful, Capability: true));
            rows.Add(new($"loss on {ob.LossDialogues} unseen ordinary dialogues", null, null, Loss(ob.OrdinaryLoss), Loss(oa.OrdinaryLoss), Capability: true));
        }
        return rows;
    }

    static string FirstHits(SearchEvaluation s) => s.Seeds is { Count: > 1 } seeds
        ? string.Join(", ", seeds.Select(r => FirstHit(r.FirstHitAt)))
        : FirstHit(s.FirstHitAt);

    static string FirstHit(long? at) => at?.ToString(CultureInfo.InvariantCulture) ?? "none";

    static string Loss(double loss) => loss.ToString("F4", CultureInfo.InvariantCulture);
}
