namespace Orleans.Noken.Engine.Study;

/// <summary>
/// The equal-compute rule: steps an arm may take within <see cref="StudyOptions.Budget"/>, counting one sequence's
/// training pass (forward + backward) as 3 forward-pass equivalents, a batch as <see cref="StudyOptions.BatchSize"/>
/// sequences, and each adversarial round as its nokens × prompts × ascent steps training passes.
/// </summary>
public static class ArmCompute
{
    public const int PassCost = 3;

    public static long StepCost(StudyOptions options) => (long)options.BatchSize * PassCost;

    public static long RoundCost(StudyOptions options, int prompts) => (long)options.AdversarialNokens * prompts * options.AscentSteps * PassCost;

    /// <summary>Steps for a plain arm: the budget over one step's cost.</summary>
    public static int PlainSteps(StudyOptions options) => (int)(options.Budget / StepCost(options));

    /// <summary>The most steps S with S × step cost + ⌈S / every⌉ × round cost within the budget (rounds run at
    /// steps 0, every, 2 × every, …).</summary>
    public static int AdversarialSteps(StudyOptions options, int prompts)
    {
        int steps = PlainSteps(options);
        while (steps > 0 && Spent(options, prompts, steps, adversarial: true) > options.Budget) steps--;
        return steps;
    }

    /// <summary>Arm 5's step: half the batch harmful requests, each costing the adversary's ascent passes plus two
    /// training passes (toward the refusal, away from the planted reply); the other half one clean training pass.</summary>
    public static long ContinuousStepCost(StudyOptions options)
    {
        int harmful = options.BatchSize / 2;
        return PassCost * ((long)harmful * (options.AscentSteps + 2) + (options.BatchSize - harmful));
    }

    public static int ContinuousSteps(StudyOptions options) => (int)(options.Budget / ContinuousStepCost(options));

    /// <summary>Arm 6's step: half the batch harmful requests, each costing the one-hot gradient (a training pass), its
    /// candidates' forward passes and two training passes; the other half one clean training pass.</summary>
    public static long GcgStepCost(StudyOptions options)
    {
        int harmful = options.BatchSize / 2;
        return PassCost * ((long)harmful * 3 + (options.BatchSize - harmful)) + (long)harmful * options.GcgCandidates;
    }

    public static int GcgSteps(StudyOptions options) => (int)(options.Budget / GcgStepCost(options));

    public static long Spent(StudyOptions options, int prompts, int steps, bool adversarial) =>
        steps * StepCost(options) + (adversarial ? ((steps + options.AdversarialEvery - 1) / options.AdversarialEvery) * RoundCost(options, prompts) : 0);
}
