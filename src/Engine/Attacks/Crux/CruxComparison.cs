using Orleans.Noken.Engine.Evaluation;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Attacks.Crux;

/// <summary>One arm on one unit: whether the goal's check fired within the budget, and what it had spent by then
/// (forward-pass equivalents, <see cref="CruxBudget"/>); for a text attack, the string it placed in the slot.</summary>
public sealed record CruxUnitResult(string Arm, string Prompt, int Restart, bool Success, long Spent, string Reply, string? Text = null);

/// <summary>One row of the table: an arm's successes over its independent units, with the exact interval, and the
/// median spend of the units that succeeded.</summary>
public sealed record CruxRow(string Goal, string Arm, int Units, int Successes, double? MedianSpentToSuccess, double MeanSpent)
{
    public Rate Rate => new(Successes, Units);
}

/// <summary>
/// Crux 1 at equal budget: can a noken bring back a behaviour alignment removed? For one planted behaviour of the
/// aligned organism, every arm runs on the same independent units — each held-out trigger paraphrase × each seed —
/// with the same budget per unit, and success is always the behaviour's ground-truth check on a greedy reply through
/// the sweep path. The prefill probe places nothing and spends only its decodes: it is reported, not budgeted, with
/// one unit per (paraphrase, reply opening). One thread: the caller's, which owns the model.
/// </summary>
public static class CruxComparison
{
    public static IReadOnlyList<CruxUnitResult> Run(LoadedModel loaded, AttackGoal goal, IReadOnlyList<CruxArm> arms, int seeds, long budget,
        long seed, Action<CruxUnitResult>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        var results = new List<CruxUnitResult>();
        void Add(CruxUnitResult r) { results.Add(r); progress?.Invoke(r); }
        foreach (var arm in arms)
        {
            if (arm.Attack is { } template)
            {
                // The attack's own units: restarts are the seeds; only the trigger paraphrases are the crux's units.
                var options = template with { Restarts = arm.Attack.Method == AttackMethod.Prefill ? 1 : seeds, Seed = seed, Budget = budget, Steps = AttackOptions.MaxSteps };
                var triggers = AttackRun.Units(loaded, goal, options).Where(u => u.Kind == AttackUnit.Trigger).Select(u => u.Index).ToHashSet();
                var report = AttackRun.Execute(loaded, goal, options, only: triggers);
                foreach (var r in report.Results)
                    Add(new CruxUnitResult(arm.Name, r.Prompt, r.Restart, r.Success, CruxBudget.Attack(r.ForwardPasses, r.BackwardPasses), r.Reply, r.Text));
                continue;
            }
            // Sweep arms take the same units the attacks do (same prompts, same per-unit seeds).
            var units = AttackRun.Units(loaded, goal, new AttackOptions(AttackMethod.Embedding, Restarts: seeds, Seed: seed))
                .Where(u => u.Kind == AttackUnit.Trigger);
            foreach (var unit in units)
                Add(SweepArm.Run(loaded, goal, arm, unit, budget, new AttackOptions(AttackMethod.Embedding).MaxNewTokens));
        }
        return results;
    }

    public static IReadOnlyList<CruxRow> Rows(string goal, IReadOnlyList<CruxUnitResult> results) =>
        results.GroupBy(r => r.Arm).Select(g =>
        {
            var wins = g.Where(r => r.Success).Select(r => (double)r.Spent).Order().ToList();
            return new CruxRow(goal, g.Key, g.Count(), wins.Count, wins.Count == 0 ? null : Median(wins), g.Average(r => (double)r.Spent));
        }).ToList();

    static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
