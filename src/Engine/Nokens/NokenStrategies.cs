namespace Orleans.Noken.Engine.Nokens;

/// <summary>Strategy names as they appear in campaign specs and shard recipes; stable, never renamed.</summary>
public static class NokenStrategies
{
    public const string Init = "init";
    public const string GaussianDiag = "gaussian-diag";
    public const string GaussianFull = "gaussian-full";
    public const string TokenNoise = "token-noise";
    public const string RandomDirection = "random-direction";
    public const string Mixture = "mixture";
    public const string Undertrained = "undertrained";

    /// <summary>The real embeddings of the model's most under-trained-looking tokens: the real-glitch-token control.</summary>
    public const string GlitchTokens = "glitch-tokens";

    /// <summary>A centre noken (the recipe's <see cref="NokenRecipe.Centre"/> at <c>centre_index</c>) plus Gaussian
    /// noise; issued by adaptive search to exploit elites. Not in <see cref="All"/>: a spec cannot name a centre.</summary>
    public const string Around = "around";

    /// <summary>The base strategies a campaign spec may name.</summary>
    public static readonly IReadOnlyList<string> All =
        [Init, GaussianDiag, GaussianFull, TokenNoise, RandomDirection, Mixture, Undertrained, GlitchTokens];
}
