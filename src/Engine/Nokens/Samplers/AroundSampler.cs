using Orleans.Noken.Engine.Embeddings;

namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary>
/// <c>around</c>: a centre noken plus isotropic Gaussian noise whose norm is about <c>step</c> × the centre's norm
/// (per-dimension std = step·‖c‖/√D, the same convention as <c>token-noise</c>'s scale). The centre is regenerated
/// from its own recipe (<see cref="NokenRecipe.Centre"/>, noken <c>centre_index</c>) once, when the sampler is
/// built, so exploiting an elite costs no more per noken than any other strategy and every noken stays replayable
/// from its recipe alone. The noise comes from (seed, index) like every sampler's, so the centre's own draws and
/// ours never share a stream.
/// </summary>
public sealed class AroundSampler : NokenSampler
{
    /// <summary>Deepest chain of centres a recipe may carry: bounds the nesting of recipe JSON (System.Text.Json
    /// refuses depth 64 by default) and the work of rebuilding the centre.</summary>
    public const int MaxDepth = 24;

    readonly float[] _centre;

    public double Step { get; }
    /// <summary>‖centre‖, computed in float64 from the fp32 centre.</summary>
    public double CentreNorm { get; }
    public ReadOnlySpan<float> Centre => _centre;

    internal AroundSampler(NokenRecipe recipe, INokenSampler centre, long centreIndex, double step)
        : base(recipe, centre.Dimension)
    {
        Step = step;
        _centre = centre.Sample(centreIndex);
        double squares = 0;
        foreach (var x in _centre) squares += (double)x * x;
        CentreNorm = Math.Sqrt(squares);
    }

    protected override void Generate(long index, Span<double> noken)
    {
        for (int j = 0; j < noken.Length; j++) noken[j] = _centre[j];
        var random = Random(index, NoiseStream);
        AddGaussian(ref random, noken, Step * CentreNorm / Math.Sqrt(Dimension));
    }
}
