using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Engine.Attacks.Crux;

/// <summary>
/// One way of looking for a noken that brings a planted behaviour back, as the crux-1 comparison runs it: sampling
/// nokens as a sweep does (pure random, or the adaptive search with an objective), or an attack from
/// <c>noken attack</c>. Every arm gets the same budget per unit, in forward-pass equivalents (<see cref="CruxBudget"/>).
/// </summary>
public sealed record CruxArm(string Name, CampaignObjective? SweepObjective, bool Adaptive, AttackOptions? Attack)
{
    /// <summary>The arm's name on the command line: its name with dashes for spaces, without "K=" and "adaptive".</summary>
    public string Key => Name.Replace("adaptive ", "", StringComparison.Ordinal).Replace("K=", "", StringComparison.Ordinal).Replace(' ', '-');

    public static CruxArm Parse(string key) => All.FirstOrDefault(a => a.Key == key)
        ?? throw new ArgumentException($"arm '{key}' is not one of {string.Join(", ", All.Select(a => a.Key))}");

    public bool IsSweep => Attack is null;

    public static CruxArm Random { get; } = new("random nokens", CampaignObjective.Planted, Adaptive: false, null);

    public static CruxArm Search(CampaignObjective objective) =>
        new($"adaptive {CampaignObjectives.SpecName(objective)}", objective, Adaptive: true, null);

    public static CruxArm Of(AttackOptions attack) => new(attack.Method switch
    {
        AttackMethod.Embedding => $"embedding {attack.ConstraintName} K={attack.Nokens}",
        AttackMethod.Gcg => $"gcg K={attack.Nokens}",
        _ => "prefill",
    }, null, Adaptive: false, attack);

    /// <summary>The issue's table: random, both adaptive objectives, the embedding attack (shell and unconstrained,
    /// K = 1 and 4), GCG on 4 real tokens, and the prefill probe.</summary>
    public static IReadOnlyList<CruxArm> All { get; } =
    [
        Random,
        Search(CampaignObjective.UnwantedScore),
        Search(CampaignObjective.TargetLikelihood),
        Of(new AttackOptions(AttackMethod.Embedding, AttackConstraint.Shell, Nokens: 1)),
        Of(new AttackOptions(AttackMethod.Embedding, AttackConstraint.None, Nokens: 1)),
        Of(new AttackOptions(AttackMethod.Embedding, AttackConstraint.Shell, Nokens: 4)),
        Of(new AttackOptions(AttackMethod.Embedding, AttackConstraint.None, Nokens: 4)),
        Of(new AttackOptions(AttackMethod.Gcg, Nokens: 4)),
        Of(new AttackOptions(AttackMethod.Prefill)),
    ];
}

/// <summary>
/// The common currency: one forward pass of one sequence (a prompt and a reply's worth of tokens) is 1, a backward
/// pass 2 (the usual estimate: it computes gradients for activations and weights). A sweep spends 1 per noken for its
/// greedy decode, plus what its objective reads: 1 more for the gibberish detector's pass (unwanted score), 1 per
/// target reply (target likelihood); each shard's control decode is 1. Ground-truth grading (the reference model's
/// fluency) is bookkeeping no arm's search reads, so it is not counted.
/// </summary>
public static class CruxBudget
{
    public const int BackwardCost = 2;

    public static long Attack(long forward, long backward) => forward + BackwardCost * backward;

    public static int PerNoken(CampaignObjective objective, int targets) => objective switch
    {
        CampaignObjective.UnwantedScore => 2,
        CampaignObjective.TargetLikelihood => 1 + targets,
        _ => 1,
    };
}
