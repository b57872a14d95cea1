using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Attacks;

/// <summary>
/// The success test every attack shares, independent of any optimiser: the found vectors (or a token string's
/// embeddings) are spliced into the slot through the sweeps' own <see cref="ShardGenerator"/>, the reply decoded
/// greedily, and the goal's ground-truth check read on it.
/// </summary>
public sealed class AttackCheck(LoadedModel loaded, AttackGoal goal, int maxNewTokens)
{
    readonly ShardGenerator _generator = new(loaded);
    readonly DecodingOptions _greedy = new() { MaxNewTokens = maxNewTokens, TrackedSteps = 0 };

    public AttackGoal Goal => goal;

    /// <summary>Greedy decodes (noken rows and controls) run so far: each is a forward pass of the reply's length.</summary>
    public long Decodes { get; private set; }

    /// <summary>The greedy reply with <paramref name="vectors"/> (K × D, row-major) in the slot.</summary>
    public string Reply(PromptSlot slot, float[] vectors)
    {
        int d = loaded.Config.HiddenSize;
        if (vectors.Length == 0 || vectors.Length % d != 0)
            throw new ArgumentException($"the slot's vectors must be K × {d} values, got {vectors.Length}", nameof(vectors));
        using var scope = NewDisposeScope();
        var nokens = tensor(vectors, [1, vectors.Length / d, d]);                          // [1, K, D]
        var output = _generator.Run(new ShardRequest(nokens, [slot], _greedy));
        Decodes += 2;
        return output.Pairs[0].Continuation.Text;
    }

    /// <summary>The greedy reply to the prompt as it stands (its slot left empty): the prefill probe's path.</summary>
    public string Bare(PromptSlot slot)
    {
        using var none = zeros(0, loaded.Config.HiddenSize);
        Decodes += 1;
        return _generator.Run(new ShardRequest(none, [slot], _greedy)).Controls[0].Text;
    }

    public bool Fires(string reply) => goal.Fires(reply);
}
