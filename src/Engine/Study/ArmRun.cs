using Orleans.Noken.Engine.Organism;

namespace Orleans.Noken.Engine.Study;

/// <summary>One (arm, seed) run: what it trained for, what it spent, and its evaluation without nokens.</summary>
/// <param name="Spent">Training compute in forward-pass equivalents (<see cref="ArmCompute"/>): at most the budget.</param>
/// <param name="Suite">The evaluation suite with nokens and attacks (<see cref="NokenSuite"/>, <see cref="AttackSuite"/>);
/// null when the study ran without it.</param>
public sealed record ArmRun(string Arm, int Seed, int Steps, long Spent, long Budget, double TrainSeconds, double EvaluationSeconds,
    CheckpointEvaluation Evaluation, IReadOnlyList<SuiteRate>? Suite = null, double SuiteSeconds = 0)
{
    /// <summary>Fired ÷ prompts over the families named, each family's "Any" row (a prompt counts once).</summary>
    public double LeakRate(IEnumerable<string> families)
    {
        var rows = (Evaluation.Families ?? []).Where(f => f.Behaviour == "Any" && families.Contains(f.Family)).ToList();
        int prompts = rows.Sum(r => r.Prompts);
        return prompts == 0 ? double.NaN : (double)rows.Sum(r => r.Fired) / prompts;
    }

    /// <summary>The primary outcome: leaks on the disguise families alignment never saw, without any noken.</summary>
    public double HeldOutLeak => LeakRate(Obfuscation.HeldOutOfAlignment);
    public double SeenLeak => LeakRate(Obfuscation.SeenInAlignment);
    public double PlainLeak => LeakRate([PromptFamilies.Plain]);
    public double Backdoor => LeakRate([PromptFamilies.RareToken]);
    public double OrdinaryFiring => Evaluation.AnyOnOrdinary.Rate;
    public double Helpful => Evaluation.Helpful.Rate;
    public double OrdinaryLoss => Evaluation.OrdinaryLoss;
}
