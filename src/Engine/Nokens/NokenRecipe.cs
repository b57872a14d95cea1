using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Nokens;

/// <summary>
/// Everything needed to regenerate nokens bit for bit: noken i of a recipe is a pure function of
/// (strategy, parameters, seed, i) and the model's embedding statistics. A shard is a recipe plus an index range.
/// </summary>
/// <param name="Strategy">One of <see cref="NokenStrategies"/>.</param>
/// <param name="Parameters">Strategy parameters by name (e.g. <c>scale</c>, <c>k</c>, <c>token</c>); an absent name means its default.</param>
/// <param name="Seed">The recipe's seed.</param>
public sealed record NokenRecipe(
    [property: JsonPropertyName("strategy"), JsonPropertyOrder(0)] string Strategy,
    IReadOnlyDictionary<string, double> Parameters,
    [property: JsonPropertyName("seed"), JsonPropertyOrder(2)] long Seed)
{
    // A recipe read from JSON without "parameters" means all defaults.
    [JsonPropertyName("parameters"), JsonPropertyOrder(1)]
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = Parameters ?? new Dictionary<string, double>();

    /// <summary>
    /// For derived strategies (<see cref="NokenStrategies.Around"/>): the recipe of the noken they start from, whose
    /// index is the <c>centre_index</c> parameter. A nested recipe rather than flattened parameters because a recipe
    /// is not a number; absent from the JSON of every other strategy, so existing recipes read and write unchanged.
    /// </summary>
    [JsonPropertyName("centre"), JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NokenRecipe? Centre { get; init; }

    /// <summary>How many centres deep this recipe is (0 for a base strategy).</summary>
    [JsonIgnore]
    public int Depth => Centre is null ? 0 : Centre.Depth + 1;

    // Value equality over the parameters, so a recipe read back from JSON equals the one written.
    public bool Equals(NokenRecipe? other) =>
        other is not null
        && Strategy == other.Strategy
        && Seed == other.Seed
        && Equals(Centre, other.Centre)
        && Parameters.Count == other.Parameters.Count
        && Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var value) && value.Equals(p.Value));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Strategy);
        hash.Add(Seed);
        hash.Add(Centre);
        foreach (var (name, value) in Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            hash.Add(name);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"{Strategy}({string.Concat(Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}; "))}seed={Seed}{(Centre is null ? "" : $"; centre={Centre}")})";
}
