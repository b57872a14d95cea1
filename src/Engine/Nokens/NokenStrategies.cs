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

    public static readonly IReadOnlyList<string> All =
        [Init, GaussianDiag, GaussianFull, TokenNoise, RandomDirection, Mixture, Undertrained];
}
