namespace Orleans.Noken.Engine.Attacks;

public enum AttackMethod { Embedding, Gcg, Prefill }

/// <summary>The names the CLI and specs use for methods and constraints.</summary>
public static class AttackMethods
{
    /// <summary>The method names <see cref="TryParse"/> reads, and the constraints <see cref="TryParseConstraint"/> reads.</summary>
    public static readonly IReadOnlyList<string> Names = ["embedding", "gcg", "prefill"], ConstraintNames = ["shell", "none"];

    public static bool TryParse(string name, out AttackMethod method)
    {
        (bool known, method) = name switch
        {
            "embedding" => (true, AttackMethod.Embedding),
            "gcg" => (true, AttackMethod.Gcg),
            "prefill" => (true, AttackMethod.Prefill),
            _ => (false, AttackMethod.Embedding),
        };
        return known;
    }

    public static bool TryParseConstraint(string name, out AttackConstraint constraint)
    {
        (bool known, constraint) = name switch
        {
            "shell" => (true, AttackConstraint.Shell),
            "none" => (true, AttackConstraint.None),
            _ => (false, AttackConstraint.Shell),
        };
        return known;
    }
}

/// <summary>Where an embedding attack's vectors may go: the real tokens' norm shell (where nokens live) or anywhere.</summary>
public enum AttackConstraint { Shell, None }

/// <summary>How an attack runs. Every unit (prompt × restart) is independent and seeded from <see cref="Seed"/>.</summary>
/// <param name="Nokens">K: vectors (embedding) or real tokens (GCG) side by side in the slot.</param>
/// <param name="Steps">Optimiser steps per unit at most (ignored by the prefill probe).</param>
/// <param name="CheckEvery">Greedy-decode the current vectors every this many steps (and after the last).</param>
/// <param name="LearningRate">Adam's step, relative to the typical token norm spread over the dimensions.</param>
/// <param name="TopK">GCG: candidate tokens per position, by gradient.</param>
/// <param name="Candidates">GCG: substitutions evaluated per step, in one batch.</param>
/// <param name="MaxNewTokens">Greedy reply length the ground-truth check reads.</param>
/// <param name="Budget">Forward-pass equivalents per unit at most (a backward pass counts 2, each check's decodes 1
/// each; see <see cref="Crux.CruxBudget"/>); 0: only <see cref="Steps"/> bounds a unit.</param>
public sealed record AttackOptions(
    AttackMethod Method,
    AttackConstraint Constraint = AttackConstraint.Shell,
    int Nokens = 1,
    int Restarts = 2,
    int Steps = 200,
    long Seed = 0,
    int CheckEvery = 10,
    double LearningRate = 0.1,
    int TopK = 32,
    int Candidates = 64,
    int MaxNewTokens = 32,
    long Budget = 0)
{
    public const int MaxNokens = 8, MaxRestarts = 1000, MaxSteps = 100_000, MaxCandidates = 1024;

    public void Validate()
    {
        if (Nokens is < 1 or > MaxNokens) throw new ArgumentOutOfRangeException(nameof(Nokens), Nokens, $"--nokens must be in 1..{MaxNokens}");
        if (Restarts is < 1 or > MaxRestarts) throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, $"--restarts must be in 1..{MaxRestarts}");
        if (Steps is < 1 or > MaxSteps) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, $"--steps must be in 1..{MaxSteps}");
        if (Seed < 0) throw new ArgumentOutOfRangeException(nameof(Seed), Seed, "--seed must be ≥ 0");
        if (CheckEvery < 1) throw new ArgumentOutOfRangeException(nameof(CheckEvery), CheckEvery, "must be ≥ 1");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive and finite");
        if (TopK < 1) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "must be ≥ 1");
        if (Candidates is < 1 or > MaxCandidates) throw new ArgumentOutOfRangeException(nameof(Candidates), Candidates, $"must be in 1..{MaxCandidates}");
        if (Budget < 0) throw new ArgumentOutOfRangeException(nameof(Budget), Budget, "must be ≥ 0 (0: no budget)");
        if (MaxNewTokens is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "must be in 1..256");
    }

    public string MethodName => Method switch { AttackMethod.Embedding => "embedding", AttackMethod.Gcg => "gcg", _ => "prefill" };

    public string ConstraintName => Constraint == AttackConstraint.Shell ? "shell" : "none";
}
