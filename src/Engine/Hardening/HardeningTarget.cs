using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>
/// What the model should do on one prompt whatever sits in its noken slot: what it does on the control (the prompt
/// without a noken, or with the campaign's control token). The control's greedy continuation is decoded once by the
/// model before hardening, and its next-token distributions along that continuation are kept as the target.
/// </summary>
public sealed class HardeningTarget : IDisposable
{
    HardeningTarget(PromptSlot slot, int[] continuation, Tensor reference) => (Slot, Continuation, Reference) = (slot, continuation, reference);

    public PromptSlot Slot { get; }

    /// <summary>The control's continuation, teacher-forced after the prompt (its last token is never an input).</summary>
    public int[] Continuation { get; }

    /// <summary>Log-probabilities <c>[K, V]</c> (fp32, CPU) the model gave at the K positions that predict the
    /// continuation (the prompt's last position first).</summary>
    public Tensor Reference { get; }

    public int Positions => (int)Reference.shape[0];

    /// <summary>The targets for every prompt, from the model as it is now (before any training step).</summary>
    public static IReadOnlyList<HardeningTarget> Compute(LoadedModel loaded, IReadOnlyList<PromptSlot> prompts, int? controlTokenId, int tokens)
    {
        if (loaded.Model is not CausalLanguageModel model) throw new ArgumentException("hardening needs a trainable model", nameof(loaded));
        var decoding = new DecodingOptions { MaxNewTokens = tokens, Temperature = 0 };
        using var none = torch.empty(0, model.Config.HiddenSize);
        var controls = new ShardGenerator(loaded).Run(new ShardRequest(none, prompts, decoding) { ControlTokenId = controlTokenId }).Controls;
        var targets = new List<HardeningTarget>(prompts.Count);
        for (int p = 0; p < prompts.Count; p++)
        {
            using var scope = torch.NewDisposeScope();
            var prompt = prompts[p];
            var continuation = controls[p].Ids.Take(tokens).ToArray();
            int[] control = [.. prompt.PrefixIds, .. controlTokenId is { } id ? [id] : Array.Empty<int>(), .. prompt.SuffixIds];
            int[] input = [.. control, .. continuation.SkipLast(1)];
            int positions = Math.Max(continuation.Length, 1);
            var ids = torch.tensor(input.Select(i => (long)i).ToArray(), [1, input.Length]);
            var logits = model.Forward(model.Embed(ids));                                   // [1, T, V]
            var reference = logits[0].narrow(0, input.Length - positions, positions)          // [K, V]
                .log_softmax(-1).to(ScalarType.Float32, CPU);
            targets.Add(new HardeningTarget(prompt, continuation, reference.MoveToOuterDisposeScope()));
        }
        return targets;
    }

    public void Dispose() => Reference.Dispose();
}
