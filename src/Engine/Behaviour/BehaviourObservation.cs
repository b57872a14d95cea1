using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Behaviour;

/// <summary>
/// One thing to classify: what the model said with the noken, what it said without it (the control, same prompt),
/// and which prompt it was. The control is optional because hand-written calibration texts may lack one.
/// </summary>
public sealed record BehaviourObservation(Continuation Noken, Continuation? Control, PromptContext Prompt)
{
    public string Text => Noken.Text;
    public string ControlText => Control?.Text ?? "";

    /// <summary>
    /// An observation from text alone (calibration sets, judge transcripts): ids come from the tokenizer when one is
    /// given (so the id-based detectors still see tokens), logprobs/entropies/KL are empty.
    /// </summary>
    public static BehaviourObservation FromText(string text, string? controlText, PromptContext? prompt = null,
        ITextTokenizer? tokenizer = null, bool stoppedAtEos = true) =>
        new(Of(text, tokenizer, stoppedAtEos), controlText is null ? null : Of(controlText, tokenizer, true), prompt ?? PromptContext.Benign);

    static Continuation Of(string text, ITextTokenizer? tokenizer, bool stoppedAtEos) =>
        new(tokenizer?.Encode(text) ?? [], text, [], [], [], stoppedAtEos);
}
