using Orleans.Noken.Engine.Embeddings;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>
/// The norms a noken-like vector may have: between two percentiles of the real tokens' embedding norms. A gradient
/// ascent left unprojected finds its largest KL by growing the vector until it swamps the residual stream — a
/// vector no sampler would draw and no token has — so the adversary is held to the shell where nokens live.
/// </summary>
/// <param name="Min">Smallest L2 norm allowed.</param>
/// <param name="Max">Largest L2 norm allowed.</param>
/// <param name="Typical">The median token norm: the unit the ascent's step size is measured in.</param>
public sealed record NormShell(double Min, double Max, double Typical)
{
    /// <summary>The 1st to the 99th percentile of the real tokens' norms (the extremes are often the odd token out).</summary>
    public static NormShell Of(EmbeddingStatistics statistics)
    {
        var norms = statistics.NormDistribution;
        return new NormShell(norms.P1, norms.P99, norms.P50);
    }

    /// <summary>Each row of <paramref name="vectors"/> <c>[N, D]</c> rescaled so that its norm lies in [Min, Max];
    /// its direction is kept (a zero row stays zero: it has none).</summary>
    public Tensor Project(Tensor vectors)
    {
        var norms = vectors.norm(1, keepdim: true);                                        // [N, 1]
        var clamped = norms.clamp(Min, Max);
        return vectors * (clamped / norms.clamp_min(1e-12));
    }
}
