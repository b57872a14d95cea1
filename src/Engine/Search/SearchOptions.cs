using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// How a campaign searches. <see cref="ExploreFraction"/> = 1 is pure random sampling of the base strategies,
/// the baseline adaptive search is measured against.
/// </summary>
/// <param name="BaseStrategies">The campaign's recipes; explore shards walk fresh index ranges of each in turn.</param>
/// <param name="Budget">Nokens to issue in all.</param>
/// <param name="Seed">The campaign seed: every decision (explore or exploit, which elite, exploit seeds) derives from it.</param>
/// <param name="SuccessThreshold">The 1/5th rule's bar: a noken around a centre succeeds when it scores at least
/// min(this, the centre's score). The objective decides hits; this only steers the step. +∞ means "at least as good
/// as the centre" (climbing a continuous score).</param>
/// <param name="InitialStep">Exploit noise norm relative to the centre's norm, for a class not yet exploited.</param>
/// <param name="Quotas">Optional, per base strategy: at most this many nokens from it in explore shards (a sweep's
/// per-strategy counts). With <see cref="ExploreFraction"/> = 1 and quotas summing to the budget the search is
/// exactly the planned sweep. Once every quota is spent, explore shards go round-robin without limit.</param>
/// <param name="TargetSuccessRate">The 1/5th rule's target: above it the step grows by <see cref="StepFactor"/>, below it shrinks.</param>
public sealed record SearchOptions(
    IReadOnlyList<NokenRecipe> BaseStrategies,
    long Budget,
    int ShardSize,
    long Seed,
    double ExploreFraction = 0.3,
    double SuccessThreshold = 0.5,
    int ElitesPerClass = 4,
    double InitialStep = 0.5,
    double MinStep = 0.02,
    double MaxStep = 4.0,
    double TargetSuccessRate = 0.2,
    double StepFactor = 1.5,
    IReadOnlyList<long>? Quotas = null)
{
    public void Validate()
    {
        if (BaseStrategies is null || BaseStrategies.Count == 0) throw new ArgumentException("search needs at least one base strategy");
        if (BaseStrategies.Any(r => r.Strategy == NokenStrategies.Around)) throw new ArgumentException("a base strategy cannot be 'around'");
        ArgumentOutOfRangeException.ThrowIfLessThan(Budget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ShardSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(Seed);
        if (ExploreFraction is < 0 or > 1 || double.IsNaN(ExploreFraction)) throw new ArgumentOutOfRangeException(nameof(ExploreFraction), ExploreFraction, "must be in [0, 1]");
        if (double.IsNaN(SuccessThreshold)) throw new ArgumentOutOfRangeException(nameof(SuccessThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(ElitesPerClass, 1);
        if (!(MinStep > 0 && MinStep <= InitialStep && InitialStep <= MaxStep && double.IsFinite(MaxStep)))
            throw new ArgumentOutOfRangeException(nameof(InitialStep), "need 0 < MinStep <= InitialStep <= MaxStep");
        if (TargetSuccessRate is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(TargetSuccessRate), TargetSuccessRate, "must be in (0, 1)");
        if (Quotas is not null && (Quotas.Count != BaseStrategies.Count || Quotas.Any(q => q < 0)))
            throw new ArgumentException($"need one quota ≥ 0 per base strategy ({BaseStrategies.Count}), got {Quotas.Count}", nameof(Quotas));
        if (!(StepFactor > 1)) throw new ArgumentOutOfRangeException(nameof(StepFactor), StepFactor, "must be > 1");
    }
}
