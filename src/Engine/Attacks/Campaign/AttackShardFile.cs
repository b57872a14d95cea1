using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Engine.Attacks.Campaign;

/// <summary>
/// One shard of an attack campaign in the result store (<c>attacks/{stem}.json</c>): units
/// <see cref="Start"/>..+<see cref="Count"/>, each with what it found (vectors or tokens), in the same snake_case as
/// <c>noken attack --json</c>'s <c>results</c>.
/// </summary>
public sealed record AttackShardFile(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("max_new_tokens")] int MaxNewTokens,
    [property: JsonPropertyName("start")] long Start,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("results")] IReadOnlyList<AttackUnitResult> Results)
{
    /// <summary>What the coordinator folds per unit: the planted class on success (else <see cref="NotReached"/>),
    /// the best target's log-likelihood as the score, success as the hit, and the greedy reply.</summary>
    public IReadOnlyList<NokenOutcome> Outcomes(AttackGoal goal) => Results
        .Select(r => new NokenOutcome(r.Index, r.Success ? goal.OutcomeClass : NotReached, Score(r.TargetLogProb), r.Success, r.Reply))
        .ToList();

    /// <summary>The class of a unit whose check never fired.</summary>
    public const string NotReached = "not_reached";

    /// <summary>The archive ranks by score: a unit with no likelihood (the probe's first token had none) ranks last.</summary>
    static double Score(double logProb) => double.IsFinite(logProb) ? logProb : -1e9;

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, AttackReport.Json);

    public static AttackShardFile FromUtf8(byte[] bytes, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<AttackShardFile>(bytes, AttackReport.Json) is { Results: not null, Target: not null } file ? file
                : throw new InvalidDataException($"{source}: not an attack shard file (no target or results)");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not an attack shard file ({e.Message})");
        }
    }
}
