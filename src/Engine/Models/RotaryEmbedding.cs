using Orleans.Noken.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

/// <summary>
/// Rotary position embedding with Hugging Face's conventions: inverse frequencies computed in fp32 exactly as
/// <c>_compute_default_rope_parameters</c> does (plus "linear" and "llama3" scaling), cos/sin of
/// <c>cat(freqs, freqs)</c>, and the rotate-half pairing (dimension i with i + hd/2, not interleaved pairs).
/// The cos/sin table is fp32 and grows on demand; it is cast to the activations' dtype when applied.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    readonly Tensor _inverseFrequencies; // [hd/2] fp32
    readonly Device _device;
    Tensor _cos = torch.empty(0);        // [P, hd] fp32
    Tensor _sin = torch.empty(0);        // [P, hd] fp32

    public RotaryEmbedding(ModelConfig config, Device device)
    {
        _device = device;
        _inverseFrequencies = InverseFrequencies(config).to(device).DetachFromDisposeScope();
        Grow(Math.Max(config.MaxPositions, 1));
    }

    static Tensor InverseFrequencies(ModelConfig config)
    {
        using var scope = torch.NewDisposeScope();
        int dim = config.HeadDim;
        // 1 / base^(arange(0, dim, 2) / dim), all in fp32 as in transformers.
        var exponents = torch.arange(0, dim, 2, ScalarType.Int64).to(ScalarType.Float32).div(dim);
        var inverse = torch.pow(torch.tensor((float)config.RopeTheta), exponents).reciprocal();
        var scaling = config.RopeScaling;
        if (scaling is { Type: "linear" }) inverse = inverse.div(scaling.Factor);
        if (scaling is { Type: "llama3" }) inverse = Llama3(inverse, scaling);
        return inverse.MoveToOuterDisposeScope();
    }

    /// <summary>Port of <c>_compute_llama3_parameters</c>: low frequencies divided by the factor, high ones kept,
    /// medium ones interpolated.</summary>
    static Tensor Llama3(Tensor inverse, RopeScaling s)
    {
        double lowFrequencyWavelength = s.OriginalMaxPositions / s.LowFrequencyFactor;
        double highFrequencyWavelength = s.OriginalMaxPositions / s.HighFrequencyFactor;
        var wavelength = inverse.reciprocal().mul(2 * Math.PI);
        var scaled = torch.where(wavelength.gt(lowFrequencyWavelength), inverse.div(s.Factor), inverse);
        var smooth = wavelength.reciprocal().mul(s.OriginalMaxPositions).sub(s.LowFrequencyFactor)
            .div(s.HighFrequencyFactor - s.LowFrequencyFactor);
        var smoothed = smooth.neg().add(1).mul(scaled).div(s.Factor).add(smooth.mul(scaled));
        var medium = wavelength.lt(highFrequencyWavelength).logical_not()
            .logical_and(wavelength.gt(lowFrequencyWavelength).logical_not());
        return torch.where(medium, smoothed, scaled);
    }

    void Grow(long positions)
    {
        using var scope = torch.NewDisposeScope();
        var steps = torch.arange(0, positions, ScalarType.Int64, _device).to(ScalarType.Float32); // [P]
        var frequencies = torch.outer(steps, _inverseFrequencies);                                // [P, hd/2]
        var angles = torch.cat([frequencies, frequencies], dim: -1);                              // [P, hd]
        _cos.Dispose();
        _sin.Dispose();
        _cos = angles.cos().DetachFromDisposeScope();
        _sin = angles.sin().DetachFromDisposeScope();
    }

    /// <summary>Rotates <paramref name="x"/> <c>[B, H, T, hd]</c> whose first position is <paramref name="past"/>.</summary>
    public Tensor Apply(Tensor x, long past)
    {
        long t = x.shape[2];
        if (past + t > _cos.shape[0]) Grow(Math.Max(past + t, 2 * _cos.shape[0]));
        var cos = _cos.narrow(0, past, t).to(x.dtype); // [T, hd], broadcast over [B, H]
        var sin = _sin.narrow(0, past, t).to(x.dtype);
        return x.mul(cos).add(RotateHalf(x).mul(sin), Scalars.One);
    }

    static Tensor RotateHalf(Tensor x)
    {
        long half = x.shape[^1] / 2;
        var first = x.narrow(-1, 0, half);
        var second = x.narrow(-1, half, half);
        return torch.cat([second.neg(), first], dim: -1);
    }

    public void Dispose()
    {
        _inverseFrequencies.Dispose();
        _cos.Dispose();
        _sin.Dispose();
    }
}
