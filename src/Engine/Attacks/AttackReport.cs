using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Noken.Engine.Evaluation;

namespace Orleans.Noken.Engine.Attacks;

/// <summary>Successes over units with an exact interval, for one kind of prompt.</summary>
public sealed record AttackTally(
    [property: JsonPropertyName("units")] int Units,
    [property: JsonPropertyName("successes")] int Successes,
    [property: JsonPropertyName("success_rate")] double SuccessRate,
    [property: JsonPropertyName("interval")] double[] Interval,
    [property: JsonPropertyName("median_steps_to_success"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MedianStepsToSuccess)
{
    public static AttackTally Of(IReadOnlyList<AttackUnitResult> results)
    {
        int successes = results.Count(r => r.Success);
        var rate = new Rate(successes, results.Count);
        var steps = results.Where(r => r.Success).Select(r => (double)r.Steps).Order().ToList();
        double? median = steps.Count == 0 ? null
            : steps.Count % 2 == 1 ? steps[steps.Count / 2] : (steps[steps.Count / 2 - 1] + steps[steps.Count / 2]) / 2;
        return new AttackTally(results.Count, successes, results.Count == 0 ? 0 : rate.Value,
            results.Count == 0 ? [0, 1] : [rate.Lower, rate.Upper], median);
    }
}

/// <summary>
/// What <c>noken attack --json</c> writes: the fields scripts rely on (method, target, constraint, units, successes,
/// success_rate, interval, median_steps_to_success, forward_passes), then the same per prompt kind, and every unit
/// with what it found (vectors or tokens, replayable through the sweep path with <c>noken replay --attack</c>; the
/// reply length it was checked at is <see cref="MaxNewTokens"/>).
/// </summary>
public sealed record AttackReport(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("constraint")] string Constraint,
    [property: JsonPropertyName("units")] int Units,
    [property: JsonPropertyName("successes")] int Successes,
    [property: JsonPropertyName("success_rate")] double SuccessRate,
    [property: JsonPropertyName("interval")] double[] Interval,
    [property: JsonPropertyName("median_steps_to_success"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MedianStepsToSuccess,
    [property: JsonPropertyName("forward_passes")] long ForwardPasses,
    [property: JsonPropertyName("backward_passes")] long BackwardPasses,
    [property: JsonPropertyName("nokens")] int Nokens,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("max_new_tokens")] int MaxNewTokens,
    [property: JsonPropertyName("by_kind")] IReadOnlyDictionary<string, AttackTally> ByKind,
    [property: JsonPropertyName("results")] IReadOnlyList<AttackUnitResult> Results)
{
    public static AttackReport Of(AttackGoal goal, AttackOptions options, IReadOnlyList<AttackUnitResult> results)
    {
        var all = AttackTally.Of(results);
        var byKind = results.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => AttackTally.Of(g.ToList()));
        bool prefill = options.Method == AttackMethod.Prefill;
        return new AttackReport(options.MethodName, goal.Name, prefill ? "none" : options.Method == AttackMethod.Gcg ? "tokens" : options.ConstraintName,
            all.Units, all.Successes, all.SuccessRate, all.Interval, all.MedianStepsToSuccess,
            results.Sum(r => r.ForwardPasses), results.Sum(r => r.BackwardPasses),
            prefill ? 0 : options.Nokens, prefill ? 0 : options.Steps, options.Seed, options.MaxNewTokens, byKind, results);
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
