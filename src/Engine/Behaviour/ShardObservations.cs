using Orleans.Noken.Engine.Generation;

namespace Orleans.Noken.Engine.Behaviour;

/// <summary>Turns a shard's output into observations, pairing each noken row with its prompt's control.</summary>
public static class ShardObservations
{
    /// <param name="prompts">One context per prompt of the shard, in the shard's prompt order.</param>
    public static IReadOnlyList<BehaviourObservation> Of(ShardOutput output, IReadOnlyList<PromptContext> prompts)
    {
        if (prompts.Count != output.Controls.Count)
            throw new ArgumentException($"need one prompt context per prompt of the shard ({output.Controls.Count}), got {prompts.Count}", nameof(prompts));
        return output.Pairs.Select(p => new BehaviourObservation(p.Continuation, output.Controls[p.PromptIndex], prompts[p.PromptIndex])).ToList();
    }
}
