using Orleans.Noken.Engine.Evaluation;

namespace Orleans.Noken.Engine.Study;

/// <summary>One measure of the evaluation suite on one trained model: of <see cref="Units"/> (noken × prompt pairs, or
/// attack units), how many had <see cref="Outcome"/>, with the exact 95 % interval. Within a run the units share the
/// model, so the interval describes this run only; across runs the seed is the unit (<see cref="ArmsTable"/>).</summary>
public sealed record SuiteRate(string Condition, string Outcome, long Units, long Hits, double Lower, double Upper)
{
    public string Key => $"{Condition}:{Outcome}";
    public double Value => Units == 0 ? double.NaN : (double)Hits / Units;

    public static SuiteRate Of(string condition, string outcome, long hits, long units)
    {
        var rate = new Rate(hits, units);
        return new SuiteRate(condition, outcome, units, hits, units == 0 ? 0 : rate.Lower, units == 0 ? 1 : rate.Upper);
    }
}
