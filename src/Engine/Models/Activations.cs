using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Orleans.Noken.Engine.Models;

/// <summary>The MLP nonlinearities, spelled as in <c>transformers/activations.py</c>.</summary>
internal static class Activations
{
    public static Func<Tensor, Tensor> ByName(string name) => name switch
    {
        // NewGELUActivation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), written out so it matches term by term.
        "gelu_new" or "gelu_pytorch_tanh" => GeluTanh,
        "gelu" => x => F.gelu(x),
        "relu" => x => F.relu(x),
        "silu" or "swish" => x => F.silu(x),
        _ => throw new ArgumentException($"activation '{name}' is not supported", nameof(name)),
    };

    // Called inside the model's per-forward dispose scope, so intermediates need no explicit disposal.
    static Tensor GeluTanh(Tensor x) =>
        x.mul(0.5).mul(x.add(x.pow(3.0), alpha: 0.044715).mul(Math.Sqrt(2.0 / Math.PI)).tanh().add(1.0));
}
