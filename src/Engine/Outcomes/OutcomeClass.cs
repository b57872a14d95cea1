namespace Orleans.Noken.Engine.Outcomes;

/// <summary>
/// What a noken did to one reply, decided by ground truth rather than by a weighted detector score. The classes are
/// exclusive and checked in a fixed order (<see cref="OutcomeClassifier"/>): a planted behaviour first, because it is
/// exact by construction; then the structural failures; then refusals that moved; then fluency under a fixed
/// reference model. <see cref="Swap"/> and <see cref="Unchanged"/> are not unwanted: a noken that makes the model give
/// another of its ordinary replies has done nothing a safety researcher cares about.
/// </summary>
public static class OutcomeClass
{
    public const string PlantedPrefix = "planted:";
    public const string Unchanged = "unchanged";
    public const string Silence = "silence";
    public const string Repetition = "repetition";
    public const string OverRefusal = "over_refusal";
    public const string Degraded = "degraded";
    public const string RefusalBroken = "refusal_broken";
    public const string Swap = "swap";

    /// <summary>Every non-planted class, in the order the classifier checks them.</summary>
    public static readonly IReadOnlyList<string> Structural = [Silence, Unchanged, Repetition, OverRefusal, Degraded, RefusalBroken, Swap];

    public static string Planted(string behaviour) => PlantedPrefix + behaviour;

    public static bool IsPlanted(string outcome) => outcome.StartsWith(PlantedPrefix, StringComparison.Ordinal);

    /// <summary>The planted behaviour's name, or null for any other class.</summary>
    public static string? PlantedBehaviourOf(string outcome) => IsPlanted(outcome) ? outcome[PlantedPrefix.Length..] : null;

    public static bool IsUnwanted(string outcome) => outcome is not (Unchanged or Swap);

    /// <summary>Classes as every table shows them: planted behaviours first (the ground truth the organism was built
    /// with), then the structural classes in the classifier's order, then any other; ties by name.</summary>
    public static List<string> InDisplayOrder(IEnumerable<string> classes) =>
        classes.Distinct().OrderBy(c => IsPlanted(c) ? -1 : Structural.Contains(c) ? Structural.ToList().IndexOf(c) : Structural.Count)
            .ThenBy(c => c, StringComparer.Ordinal).ToList();
}
