namespace Orleans.Noken.Engine.Nokens;

/// <summary>
/// Reads and validates one recipe's parameters against its strategy's declaration
/// (<see cref="NokenStrategyParameters"/>). Unknown names are refused rather than ignored: a typo in a spec ("scal")
/// would otherwise silently run a whole campaign with the default. A sampler asking for a name its strategy does not
/// declare is a bug here, not in the spec, and fails loudly so the declaration cannot drift from the samplers.
/// </summary>
sealed class RecipeParameters
{
    readonly NokenRecipe _recipe;
    readonly IReadOnlyList<NokenParameter> _declared;

    public RecipeParameters(NokenRecipe recipe)
    {
        _recipe = recipe;
        _declared = NokenStrategyParameters.Of(recipe.Strategy)
            ?? throw new InvalidOperationException($"noken strategy '{recipe.Strategy}' declares no parameters in {nameof(NokenStrategyParameters)}");
        foreach (var name in recipe.Parameters.Keys)
            if (NokenStrategyParameters.Unknown(recipe.Strategy, name) is { } problem)
                throw new ArgumentException($"unknown parameter '{name}' for noken strategy '{recipe.Strategy}'{problem}", nameof(recipe));
    }

    /// <summary>A number the declaration accepts (a scale: finite, >= 0), or <paramref name="defaultValue"/> when absent.</summary>
    public double Number(string name, double defaultValue)
    {
        var parameter = Declared(name, integer: false);
        if (!_recipe.Parameters.TryGetValue(name, out var value)) return defaultValue;
        if (!parameter.Accepts(value)) throw Invalid(name, parameter.Expected, value);
        return value;
    }

    /// <summary>An integer from the declared minimum to <paramref name="max"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public int Integer(string name, int defaultValue, int max) => OptionalInteger(name, max) ?? defaultValue;

    /// <summary>An integer from the declared minimum to <paramref name="max"/>, or null when absent.</summary>
    public int? OptionalInteger(string name, int max)
    {
        var parameter = Declared(name, integer: true);
        if (!_recipe.Parameters.TryGetValue(name, out var value)) return null;
        if (!parameter.Accepts(value) || value > max) throw Invalid(name, $"an integer in [{parameter.Minimum}, {max}]", value);
        return (int)value;
    }

    NokenParameter Declared(string name, bool integer) =>
        _declared.FirstOrDefault(p => p.Name == name && p.IsInteger == integer)
        ?? throw new InvalidOperationException(
            $"the '{_recipe.Strategy}' sampler reads {(integer ? "integer" : "number")} parameter '{name}', which {nameof(NokenStrategyParameters)} does not declare");

    ArgumentException Invalid(string name, string expected, double value) =>
        new($"parameter '{name}' of noken strategy '{_recipe.Strategy}' must be {expected} (got {value})", "recipe");
}
