namespace Orleans.Noken.Engine.Nokens;

/// <summary>
/// One parameter a noken strategy reads: its name in specs and recipes, whether it must be a whole number, its
/// smallest value and what it means. Upper bounds that depend on the model (a token id below the vocabulary size)
/// are the sampler's to check; everything here is known before a model is loaded, so a spec is checked against it.
/// </summary>
public sealed record NokenParameter(string Name, bool IsInteger, double Minimum, string Description)
{
    /// <summary>A finite value at or above <see cref="Minimum"/>, whole when <see cref="IsInteger"/>.</summary>
    public bool Accepts(double value) => double.IsFinite(value) && value >= Minimum && (!IsInteger || value == Math.Floor(value));

    /// <summary>What <see cref="Accepts"/> wants, in words ("an integer >= 1").</summary>
    public string Expected => IsInteger ? $"an integer >= {Minimum}" : $"a finite number >= {Minimum}";
}
