using Orleans.Noken.Engine.Models;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Generation;

/// <summary>Where a noken enters: spliced as an input embedding (layer 0, the default), or added to / written over
/// the residual stream at the input of a deeper block, with a neutral token in the slot below it.</summary>
public sealed record NokenInjection(int Layer = 0, ResidualEditMode Mode = ResidualEditMode.Replace)
{
    public bool IsInputSplice => Layer == 0 && Mode == ResidualEditMode.Replace;
}

/// <summary>
/// A shard's work: every noken (<c>[N, D]</c> fp32) in every prompt, plus one control per prompt. The control is the
/// prompt without the noken, or with <see cref="ControlTokenId"/> (a neutral real token) in the slot.
/// </summary>
public sealed record ShardRequest(Tensor Nokens, IReadOnlyList<PromptSlot> Prompts, DecodingOptions Decoding)
{
    public int? ControlTokenId { get; init; }
    public NokenInjection Injection { get; init; } = new();

    /// <summary>Stops the shard at its next decoding step (an <see cref="OperationCanceledException"/>, every tensor
    /// disposed): the campaign was cancelled or paused, its lease lost, or the silo is stopping.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>The control continuation of every prompt, and every (noken × prompt) pair's.</summary>
public sealed record ShardOutput(IReadOnlyList<Continuation> Controls, IReadOnlyList<PairResult> Pairs);
