using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Attacks;

/// <summary>
/// For the lifetime of the scope, the model is in eval mode and none of its parameters requires grad: gradients flow
/// to the attack's inputs only, never into the weights. Disposing restores every flag as it was.
/// </summary>
public sealed class FrozenWeights : IDisposable
{
    readonly CausalLanguageModel _model;
    readonly List<(TorchSharp.Modules.Parameter Parameter, bool RequiresGrad)> _saved;
    readonly bool _wasTraining;

    public FrozenWeights(CausalLanguageModel model)
    {
        _model = model;
        _saved = model.named_parameters().Select(x => (x.parameter, x.parameter.requires_grad)).ToList();
        _wasTraining = model.training;
        model.eval();
        foreach (var (parameter, _) in _saved) parameter.requires_grad = false;
    }

    public void Dispose()
    {
        foreach (var (parameter, requiresGrad) in _saved) parameter.requires_grad = requiresGrad;
        _model.train(_wasTraining);
    }
}
