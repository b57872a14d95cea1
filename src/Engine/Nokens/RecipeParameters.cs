namespace Orleans.Noken.Engine.Nokens;

/// <summary>
/// Reads and validates one recipe's parameters. Unknown names are refused rather than ignored: a typo in a spec
/// ("scal") would otherwise silently run a whole campaign with the default.
/// </summary>
sealed class RecipeParameters
{
    readonly NokenRecipe _recipe;

    public RecipeParameters(NokenRecipe recipe, params string[] known)
    {
        _recipe = recipe;
        foreach (var name in recipe.Parameters.Keys)
            if (!known.Contains(name))
                throw new ArgumentException(
                    $"unknown parameter '{name}' for noken strategy '{recipe.Strategy}' (known: {(known.Length == 0 ? "none" : string.Join(", ", known))})",
                    nameof(recipe));
    }

    /// <summary>A finite number >= 0 (a scale), or <paramref name="defaultValue"/> when absent.</summary>
    public double NonNegative(string name, double defaultValue)
    {
        if (!_recipe.Parameters.TryGetValue(name, out var value)) return defaultValue;
        if (!double.IsFinite(value) || value < 0)
            throw Invalid(name, "a finite number >= 0", value);
        return value;
    }

    /// <summary>An integer in [min, max], or <paramref name="defaultValue"/> when absent.</summary>
    public int Integer(string name, int defaultValue, int min, int max) =>
        OptionalInteger(name, min, max) ?? defaultValue;

    /// <summary>An integer in [min, max], or null when absent.</summary>
    public int? OptionalInteger(string name, int min, int max)
    {
        if (!_recipe.Parameters.TryGetValue(name, out var value)) return null;
        if (!double.IsFinite(value) || value != Math.Floor(value) || value < min || value > max)
            throw Invalid(name, $"an integer in [{min}, {max}]", value);
        return (int)value;
    }

    ArgumentException Invalid(string name, string expected, double value) =>
        new($"parameter '{name}' of noken strategy '{_recipe.Strategy}' must be {expected} (got {value})", "recipe");
}
