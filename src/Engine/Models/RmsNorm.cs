using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

/// <summary>LlamaRMSNorm: normalise in fp32, cast back to the input dtype, then scale — in that order, as
/// <c>transformers</c> does (scaling before the cast would round differently in bf16).</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    // Held for the module's life: an implicit Scalar per call could be finalized while libtorch reads it (add's
    // alpha included: see Scalars).
    readonly Scalar _epsilon;
    readonly Scalar _two = 2;

    public RmsNorm(long dim, double epsilon, ScalarType dtype, Device device) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(torch.ones(dim, dtype, device));
        _epsilon = epsilon;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var input = x.to(ScalarType.Float32);
        var variance = input.pow(_two).mean([-1L], keepdim: true);
        var normed = input.mul(variance.add(_epsilon, Scalars.One).rsqrt());
        return weight.mul(normed.to(x.dtype));
    }
}
