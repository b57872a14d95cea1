using Orleans.Noken.Engine.Models;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Attacks.Campaign;

/// <summary>
/// One attack unit re-decoded from what it recorded, independently of the optimiser that found it: its vectors (or
/// its real tokens' embeddings) in the same slot of the same prompt, a greedy reply through the sweeps' generator, and
/// the goal's ground-truth check on it.
/// </summary>
public static class AttackReplay
{
    public sealed record Replayed(string Reply, bool Fires);

    public static Replayed Run(LoadedModel loaded, AttackGoal goal, AttackUnitResult unit, int maxNewTokens)
    {
        if (unit.Prefill is not null)
            throw new ArgumentException($"unit {unit.Index} is a prefill probe: it placed nothing in the slot (rerun it with noken attack --method prefill)");
        var vectors = unit.Vectors ?? Embed(loaded, unit.TokenIds
            ?? throw new InvalidDataException($"unit {unit.Index} recorded neither vectors nor tokens"));
        var check = new AttackCheck(loaded, goal, maxNewTokens);
        var reply = check.Reply(AttackRun.SlotOf(loaded, unit.Prompt), vectors);
        return new Replayed(reply, check.Fires(reply));
    }

    /// <summary>Real tokens' rows as the model embeds them (the path a GCG string took in the slot).</summary>
    static float[] Embed(LoadedModel loaded, int[] tokens)
    {
        if (tokens.Length == 0 || tokens.Any(t => t < 0 || t >= loaded.RealTokens))
            throw new InvalidDataException($"the recorded tokens must be 1 or more ids in 0..{loaded.RealTokens - 1}");
        var model = loaded.Model as CausalLanguageModel
            ?? throw new ArgumentException("replaying tokens needs the engine's own model classes");
        using var scope = NewDisposeScope();
        using var ids = tensor(tokens.Select(t => (long)t).ToArray()).view(1, tokens.Length);
        using var _ = no_grad();
        return model.Embed(ids).to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray();
    }
}
