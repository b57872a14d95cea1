namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// How continuations are decoded. Temperature 0 is greedy. Sampling is seeded per (seed, row key, step), so a
/// pair's continuation does not depend on which other pairs shared its batch: any silo replays it exactly.
/// </summary>
public sealed record DecodingOptions
{
    public int MaxNewTokens { get; init; } = 24;
    public double Temperature { get; init; }          // 0 = greedy
    public double TopP { get; init; } = 1.0;
    public long Seed { get; init; }
    /// <summary>How many first steps keep their entropy and their divergence from the control.</summary>
    public int TrackedSteps { get; init; } = 8;
    public bool StopAtEos { get; init; } = true;
    /// <summary>Most (noken × prompt) rows decoded together; bounds the KV cache and logits memory.</summary>
    public int MaxBatch { get; init; } = 256;
    /// <summary>How many most likely tokens each step also reports with their log-probabilities (0: none). They
    /// come from the step's log-softmax, already computed to choose the token, so asking costs a top-k, not a
    /// forward pass.</summary>
    public int TopLogProbs { get; init; }

    public void Validate()
    {
        if (MaxNewTokens < 1) throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "max new tokens must be at least 1");
        if (Temperature < 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be >= 0 (0 is greedy)");
        if (TopP is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "top-p must be in (0, 1]");
        if (TrackedSteps < 0) throw new ArgumentOutOfRangeException(nameof(TrackedSteps), TrackedSteps, "tracked steps must be >= 0");
        if (TopLogProbs < 0) throw new ArgumentOutOfRangeException(nameof(TopLogProbs), TopLogProbs, "top log-probabilities must be >= 0");
        if (MaxBatch < 1) throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, "max batch must be at least 1");
    }
}
