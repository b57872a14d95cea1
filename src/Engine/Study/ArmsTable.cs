namespace Orleans.Noken.Engine.Study;

/// <summary>One outcome of one arm across seeds, and its difference from arm 1 (clean fine-tuning).</summary>
public sealed record ArmOutcome(string Outcome, SeedSummary Value, SeedSummary? VersusClean);

/// <summary>One arm's row: its runs' steps and compute, then each outcome across seeds.</summary>
public sealed record ArmRow(int Id, string Arm, string Description, int Seeds, int Steps, long Spent, IReadOnlyList<ArmOutcome> Outcomes);

/// <summary>
/// The arms table: the primary outcome (held-out leak without nokens) first, then the secondary ones, each as mean,
/// per-seed values and a 95 % interval across seeds, and as a difference from arm 1 with Welch's interval.
/// </summary>
public sealed record ArmsTable(string Model, long Budget, IReadOnlyList<string> Outcomes, IReadOnlyList<ArmRow> Arms)
{
    public const string Primary = "held_out_leak";

    static readonly (string Name, Func<ArmRun, double> Of)[] Measures =
    [
        (Primary, r => r.HeldOutLeak), ("seen_disguise_leak", r => r.SeenLeak), ("plain_leak", r => r.PlainLeak),
        ("backdoor", r => r.Backdoor), ("ordinary_firing", r => r.OrdinaryFiring), ("helpful", r => r.Helpful),
        ("ordinary_loss", r => r.OrdinaryLoss),
    ];

    /// <summary>The fixed measures, then every suite measure the runs have (by <see cref="SuiteRate.Key"/>, in the
    /// suite's order), each a run's rate.</summary>
    static IReadOnlyList<(string Name, Func<ArmRun, double> Of)> MeasuresOf(IReadOnlyList<ArmRun> runs) =>
    [
        .. Measures,
        .. runs.SelectMany(r => r.Suite ?? []).Select(s => s.Key).Distinct()
            .Select(key => (key, (Func<ArmRun, double>)(r => r.Suite?.FirstOrDefault(s => s.Key == key)?.Value ?? double.NaN))),
    ];

    public static ArmsTable Of(IReadOnlyList<ArmRun> runs, StudyOptions options, string model)
    {
        var measures = MeasuresOf(runs);
        var clean = runs.Where(r => r.Arm == HardeningArm.Clean.Name).ToList();
        var rows = new List<ArmRow>();
        foreach (var arm in options.Arms)
        {
            var mine = runs.Where(r => r.Arm == arm.Name).OrderBy(r => r.Seed).ToList();
            if (mine.Count == 0) continue;
            var outcomes = measures.Select(m => new ArmOutcome(m.Name, SeedSummary.Of([.. mine.Select(m.Of)]),
                clean.Count == 0 || arm == HardeningArm.Clean ? null : SeedSummary.Difference([.. mine.Select(m.Of)], [.. clean.Select(m.Of)]))).ToList();
            rows.Add(new ArmRow(arm.Id, arm.Name, arm.Description, mine.Count, mine[0].Steps, mine.Max(r => r.Spent), outcomes));
        }
        return new ArmsTable(model, options.Budget, [.. measures.Select(m => m.Name)], rows);
    }
}
