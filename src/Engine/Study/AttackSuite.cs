using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Study;

/// <summary>
/// The attack half of the evaluation suite: the embedding-space attack and GCG (one slot before the question, the
/// real tokens' norm shell), and the prefill probe (no noken: the reply is forced to open like a planted one), each on
/// the first held-out trigger paraphrases of every goal (secret, hostile, loop) with fixed unit seeds. A success is
/// the goal's ground-truth check firing on the greedy reply, as in <c>noken attack</c>.
/// </summary>
public static class AttackSuite
{
    const long Seed = 13;
    public const string Success = "success";

    public static IReadOnlyList<SuiteRate> Measure(LoadedModel model, SuiteOptions options)
    {
        options.Validate();
        var rates = new List<SuiteRate>();
        var goals = AttackGoal.Names.Select(AttackGoal.Parse).ToList();
        if (options.AttackUnitsPerGoal > 0 && options.EmbeddingSteps > 0)
            rates.Add(Rate("embedding_attack", goals, g => Run(model, g, Optimiser(AttackMethod.Embedding, options.EmbeddingSteps, options), options.AttackUnitsPerGoal)));
        if (options.AttackUnitsPerGoal > 0 && options.GcgSteps > 0)
            rates.Add(Rate("gcg", goals, g => Run(model, g, Optimiser(AttackMethod.Gcg, options.GcgSteps, options), options.AttackUnitsPerGoal)));
        if (options.PrefillPromptsPerGoal > 0)
        {
            var prefill = new AttackOptions(AttackMethod.Prefill, Seed: Seed, MaxNewTokens: options.MaxNewTokens);
            rates.Add(Rate("prefill", goals, g => Run(model, g, prefill, options.PrefillPromptsPerGoal * g.Prefills.Count)));
        }
        return rates;
    }

    static AttackOptions Optimiser(AttackMethod method, int steps, SuiteOptions options) =>
        new(method, AttackConstraint.Shell, Nokens: 1, Restarts: 1, Steps: steps, Seed: Seed, CheckEvery: Math.Max(1, steps / 4), MaxNewTokens: options.MaxNewTokens);

    /// <summary>The attack's first <paramref name="units"/> units: trigger prompts come first (restarts, or for the
    /// prefill probe the openings, innermost).</summary>
    static AttackReport Run(LoadedModel model, AttackGoal goal, AttackOptions options, int units) =>
        AttackRun.Execute(model, goal, options, only: Enumerable.Range(0, Math.Min(units, goal.TriggerPrompts.Count * (options.Method == AttackMethod.Prefill ? goal.Prefills.Count : 1))).ToHashSet());

    static SuiteRate Rate(string condition, IReadOnlyList<AttackGoal> goals, Func<AttackGoal, AttackReport> run)
    {
        var reports = goals.Select(run).ToList();
        return SuiteRate.Of(condition, Success, reports.Sum(r => r.Successes), reports.Sum(r => r.Units));
    }
}
