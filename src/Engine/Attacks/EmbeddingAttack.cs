using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Attacks;

/// <summary>
/// The embedding-space attack of Schwinn et al. (2024, "Soft Prompt Threats"): Adam on K free vectors in the noken
/// slot, maximising the targets' teacher-forced likelihood (<see cref="TargetLikelihood.BestOf"/>). Starts from K
/// random real tokens' embeddings; with the shell constraint every iterate is projected back into the real tokens'
/// norm range, so what it finds is a vector a noken sampler could have drawn. Gradients reach the vectors only.
/// </summary>
public sealed class EmbeddingAttack : SlotOptimiser
{
    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    readonly CausalLanguageModel _model;
    readonly PromptSlot _slot;
    readonly IReadOnlyList<int[]> _targets;
    readonly NormShell? _shell;
    readonly int _k, _d;
    readonly double _learningRate;
    readonly float[] _x, _m, _v;
    int _t;

    /// <param name="startTokens">The K real tokens whose embeddings are the start.</param>
    /// <param name="shell">Null: unconstrained.</param>
    /// <param name="learningRate">Adam's step, relative to the shell's typical norm / √D (so that a step moves a vector
    /// by about that fraction of a token's norm).</param>
    public EmbeddingAttack(CausalLanguageModel model, PromptSlot slot, IReadOnlyList<int[]> targets, int[] startTokens,
        NormShell typicalNorms, bool constrained, double learningRate)
    {
        _model = model;
        _slot = slot;
        _targets = targets;
        _k = startTokens.Length;
        _d = model.Config.HiddenSize;
        _shell = constrained ? typicalNorms : null;
        _learningRate = learningRate * typicalNorms.Typical / Math.Sqrt(_d);
        using (var scope = NewDisposeScope())
        {
            using var ids = tensor(startTokens.Select(t => (long)t).ToArray(), [1, _k]);
            var start = model.Embed(ids).view(_k, _d).to(ScalarType.Float32, CPU);
            if (_shell is not null) start = _shell.Project(start);
            _x = start.contiguous().data<float>().ToArray();
        }
        _m = new float[_x.Length];
        _v = new float[_x.Length];
    }

    public override float[] Current => (float[])_x.Clone();

    public override double Step()
    {
        using var scope = NewDisposeScope();
        var x = tensor(_x, [1, _k, _d]).requires_grad_(true);                               // [1, K, D]
        var logProb = TargetLikelihood.BestOf(_model, _slot, x, _targets, withGradients: true); // [1]
        (-logProb.sum()).backward();
        ForwardPasses += _targets.Count;
        BackwardPasses += _targets.Count;
        var gradient = x.grad!.to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray();

        _t++;
        double correction1 = 1 - Math.Pow(Beta1, _t), correction2 = 1 - Math.Pow(Beta2, _t);
        for (int i = 0; i < _x.Length; i++)
        {
            double g = gradient[i];
            _m[i] = (float)(Beta1 * _m[i] + (1 - Beta1) * g);
            _v[i] = (float)(Beta2 * _v[i] + (1 - Beta2) * g * g);
            _x[i] -= (float)(_learningRate * (_m[i] / correction1) / (Math.Sqrt(_v[i] / correction2) + Epsilon));
        }
        if (_shell is not null)
        {
            var projected = _shell.Project(tensor(_x, [_k, _d])).contiguous().data<float>().ToArray();
            Array.Copy(projected, _x, _x.Length);
        }
        // The score of the vectors as they now are: the next step's forward pass would compute it anyway.
        using var after = TargetLikelihood.BestOf(_model, _slot, tensor(_x, [1, _k, _d]), _targets);
        ForwardPasses += _targets.Count;
        return after.item<float>();
    }
}
