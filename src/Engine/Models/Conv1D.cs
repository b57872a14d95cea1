using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

/// <summary>GPT-2's Conv1D: a linear layer whose weight is stored <c>[in, out]</c> (transposed from nn.Linear),
/// kept in that layout so checkpoints load without a transpose. y = x·W + b.</summary>
public sealed class Conv1D : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight; // [in, out]
    readonly Parameter bias;   // [out]

    public Conv1D(long inputs, long outputs, ScalarType dtype, Device device) : base(nameof(Conv1D))
    {
        weight = nn.Parameter(torch.empty([inputs, outputs], dtype, device).normal_(0, 0.02));
        bias = nn.Parameter(torch.zeros(outputs, dtype, device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var shape = x.shape.ToArray();
        shape[^1] = weight.shape[1];
        return torch.addmm(bias, x.reshape(-1, x.shape[^1]), weight, beta: 1, alpha: 1).view(shape);
    }
}
