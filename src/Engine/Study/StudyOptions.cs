namespace Orleans.Noken.Engine.Study;

/// <summary>
/// The hardening study's knobs. Every arm gets the same <see cref="Budget"/> of training compute in forward-pass
/// equivalents (one sequence's forward pass counts 1, its backward pass 2), the adversary's ascent included, so an arm
/// that spends compute searching trains for fewer steps.
/// </summary>
public sealed record StudyOptions
{
    /// <summary>Forward-pass equivalents of training per run: 200 steps of 32 sequences for a plain arm.</summary>
    public long Budget { get; init; } = 200 * 32 * 3;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 1e-3;
    public IReadOnlyList<int> Seeds { get; init; } = [1, 2, 3, 4, 5];
    public IReadOnlyList<HardeningArm> Arms { get; init; } = HardeningArm.All;

    /// <summary>Ordinary prompts decoded per evaluation (false firing, helpfulness; the backdoor family is these with the
    /// backdoor word).</summary>
    public int OrdinaryPrompts { get; init; } = 500;

    // The noken arms: sampled nokens, and the adversary's rounds.
    public int Nokens { get; init; } = 256;
    public int AdversarialEvery { get; init; } = 10;
    public int AdversarialNokens { get; init; } = 8;
    public int AscentSteps { get; init; } = 5;
    /// <summary>Arm 5's perturbation bound per prompt token, as a fraction of the typical token norm.</summary>
    public double Epsilon { get; init; } = 0.25;

    // Arm 6's adversary: one GCG step per use on pooled suffixes of real tokens.
    public int GcgSuffixTokens { get; init; } = 8;
    public int GcgCandidates { get; init; } = 16;
    public int GcgTopK { get; init; } = 32;
    public int GcgPool { get; init; } = 64;

    /// <summary>The evaluation suite with nokens and attacks after each run; null: the leak rates without nokens only.</summary>
    public SuiteOptions? Suite { get; init; } = new();

    /// <summary>Runs trained at once (one torch thread each).</summary>
    public int Parallel { get; init; } = 1;

    public void Validate()
    {
        if (Budget < 3L * BatchSize) throw new ArgumentOutOfRangeException(nameof(Budget), Budget, $"the budget must cover at least one step ({3 * BatchSize} forward-pass equivalents)");
        if (Budget > 100_000_000) throw new ArgumentOutOfRangeException(nameof(Budget), Budget, "a budget above 100 M forward-pass equivalents is days on this machine");
        if (BatchSize is < 2 or > 1024) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be in [2, 1024]");
        if (!(LearningRate > 0 && LearningRate <= 1)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learning rate must be in (0, 1]");
        if (Seeds.Count is < 1 or > 100 || Seeds.Distinct().Count() != Seeds.Count) throw new ArgumentOutOfRangeException(nameof(Seeds), "1 to 100 distinct seeds");
        if (Arms.Count == 0) throw new ArgumentOutOfRangeException(nameof(Arms), "no arm to run");
        if (OrdinaryPrompts is < 1 or > 100_000) throw new ArgumentOutOfRangeException(nameof(OrdinaryPrompts), OrdinaryPrompts, "ordinary prompts must be in [1, 100000]");
        if (Nokens is < 1 or > 100_000) throw new ArgumentOutOfRangeException(nameof(Nokens), Nokens, "nokens must be in [1, 100000]");
        if (AdversarialEvery < 1 || AdversarialNokens < 2 || AscentSteps < 1) throw new ArgumentOutOfRangeException(nameof(AdversarialEvery), "the adversary needs a round interval ≥ 1, ≥ 2 nokens and ≥ 1 ascent step");
        if (!(Epsilon > 0 && Epsilon <= 10)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "ε must be in (0, 10] typical token norms");
        if (GcgSuffixTokens is < 1 or > 64 || GcgCandidates is < 1 or > 1024 || GcgTopK is < 1 or > 4096 || GcgPool < BatchSize / 2 || GcgPool > 100_000)
            throw new ArgumentOutOfRangeException(nameof(GcgSuffixTokens), "GCG: suffix tokens in [1, 64], candidates in [1, 1024], top-k in [1, 4096], a pool of at least half a batch");
        Suite?.Validate();
        if (Parallel is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(Parallel), Parallel, "parallel runs must be in [1, 64]");
    }
}
