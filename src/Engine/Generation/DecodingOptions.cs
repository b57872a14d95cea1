using System.Text.Json.Serialization;

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
    // The three logit adjustments are what `noken serve` passes through from a request; a campaign spec has no such
    // keys, so they stay out of spec.json. The shared empty bias keeps two default options equal as records.
    static readonly IReadOnlyDictionary<int, float> NoBias = new Dictionary<int, float>();

    /// <summary>Subtracted from the logit of every token the reply already holds (OpenAI's <c>presence_penalty</c>).</summary>
    [JsonIgnore] public double PresencePenalty { get; init; }
    /// <summary>Subtracted from a token's logit once per time the reply already holds it (<c>frequency_penalty</c>).</summary>
    [JsonIgnore] public double FrequencyPenalty { get; init; }
    /// <summary>Token id → a value added to its logit at every step (<c>logit_bias</c>; -100 all but bans it).</summary>
    [JsonIgnore] public IReadOnlyDictionary<int, float> LogitBias { get; init; } = NoBias;

    /// <summary>Whether any of the three logit adjustments is set (else the logits go to the chooser untouched).</summary>
    [JsonIgnore] public bool AdjustsLogits => PresencePenalty != 0 || FrequencyPenalty != 0 || LogitBias.Count > 0;

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
