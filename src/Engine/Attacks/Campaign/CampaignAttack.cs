using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Attacks.Campaign;

/// <summary>
/// A spec's <c>attack:</c> section: the campaign's units are an attack's independent units (prompt × restart, each
/// seeded from the attack's seed and its index), leased to silos like a sweep's nokens. A unit index is its whole
/// recipe: with the goal and the options every silo rebuilds the same unit and finds the same vectors.
/// </summary>
public sealed record CampaignAttack(string Target, AttackOptions Options)
{
    /// <summary>The strategy name an attack campaign's one base "recipe" carries: it names the shard files
    /// (<c>000000003-attack</c>) and is never sampled from.</summary>
    public const string Strategy = "attack";

    /// <summary>Units per shard unless the spec says: one unit is minutes of optimisation, a lease is not.</summary>
    public const int DefaultUnitsPerShard = 1;

    public AttackGoal Goal => AttackGoal.Parse(Target);

    public int Units => AttackRun.UnitCount(Goal, Options);

    /// <summary>The base recipe the coordinator's ledger issues unit ranges of.</summary>
    public NokenRecipe Recipe => new(Strategy, new Dictionary<string, double>(), Options.Seed);
}
