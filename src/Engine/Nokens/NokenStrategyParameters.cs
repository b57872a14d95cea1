using Orleans.Noken.Engine.Nokens.Samplers;
using Orleans.Noken.Engine.Validation;

namespace Orleans.Noken.Engine.Nokens;

/// <summary>
/// The parameters each strategy takes: the one list that <see cref="NokenSamplers"/> reads through
/// <see cref="RecipeParameters"/> (which refuses any other name, from a spec or from a sampler), that the spec
/// reader checks a campaign against before any model is loaded, and that the campaign-spec JSON Schema is built from.
/// </summary>
public static class NokenStrategyParameters
{
    static readonly NokenParameter Scale = new("scale", false, 0, "");

    public static IReadOnlyDictionary<string, IReadOnlyList<NokenParameter>> ByStrategy { get; } =
        new Dictionary<string, IReadOnlyList<NokenParameter>>
        {
            [NokenStrategies.Init] = [],
            [NokenStrategies.GaussianDiag] = [],
            [NokenStrategies.GaussianFull] = [],
            [NokenStrategies.TokenNoise] =
            [
                Scale with { Description = "noise norm as a multiple of the token's norm (default 0.1)" },
                new("token", true, 0, "the real token id every noken starts from (default: a uniformly drawn token per noken)"),
            ],
            [NokenStrategies.RandomDirection] = [Scale with { Description = "multiplies the drawn real token's norm (default 1)" }],
            [NokenStrategies.Mixture] = [new("k", true, 1, "real tokens mixed per noken, drawn with replacement (default 2)")],
            [NokenStrategies.Undertrained] =
            [
                new("m", true, 1, "how many of the most under-trained-looking tokens form the centroid (default 10)"),
                Scale with { Description = "noise std as a multiple of those tokens' per-dimension std (default 1)" },
            ],
            [NokenStrategies.GlitchTokens] =
                [new("m", true, 1, $"how many of the most under-trained-looking tokens to run, one per noken (default {GlitchTokenSampler.DefaultCount})")],
            [NokenStrategies.Around] =
            [
                new("step", false, 0, "noise norm as a multiple of the centre's norm (default 0.1)"),
                new("centre_index", true, 0, "which noken of the centre recipe to start from (required)"),
            ],
        };

    /// <summary>The parameters of <paramref name="strategy"/>, or null for an unknown strategy.</summary>
    public static IReadOnlyList<NokenParameter>? Of(string strategy) => ByStrategy.GetValueOrDefault(strategy);

    /// <summary>Null when <paramref name="name"/> is a parameter of <paramref name="strategy"/>; else what to append
    /// to "unknown parameter …": a suggestion and the known ones ("; did you mean 'scale'? (known: scale, token)").</summary>
    public static string? Unknown(string strategy, string name)
    {
        var known = Of(strategy) ?? [];
        if (known.Any(p => p.Name == name)) return null;
        var names = known.Select(p => p.Name).ToList();
        return $"{DidYouMean.Hint(name, names)} (known: {(names.Count == 0 ? "none" : string.Join(", ", names))})";
    }
}
