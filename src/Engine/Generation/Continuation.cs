namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// What the model said after one prompt, with or without a noken: the new ids (EOS excluded), their text, the
/// log-probability of each chosen token, the entropy of the first tracked steps, and for noken rows the KL
/// divergence KL(control ‖ noken) of the next-token distributions at each of those steps.
/// </summary>
public sealed record Continuation(
    int[] Ids,
    string Text,
    float[] LogProbs,
    float[] Entropies,
    float[] KlFromControl,
    bool StoppedAtEos)
{
    /// <summary>Per new token, the most likely tokens at its step (<see cref="DecodingOptions.TopLogProbs"/>; empty
    /// when not asked for).</summary>
    public TokenAlternatives[] Alternatives { get; init; } = [];
}

/// <summary>One (noken × prompt) pair's result.</summary>
public sealed record PairResult(int NokenIndex, int PromptIndex, Continuation Continuation);
