namespace Orleans.Noken.Engine.Behaviour.Calibration;

/// <summary>
/// One labelled line of a calibration set (JSONL): a continuation, its control, the prompt's kind and echo targets,
/// and every class a human says applies (empty: a normal reply). <see cref="Source"/> tells hand-written lines from
/// real organism outputs that later sessions add.
/// </summary>
public sealed record CalibrationExample(
    string Text,
    string? Control,
    PromptKind Kind,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string>? Targets = null,
    bool StoppedAtEos = true,
    string? Note = null,
    string? Source = null)
{
    public BehaviourObservation ToObservation(Tokenization.ITextTokenizer? tokenizer) =>
        BehaviourObservation.FromText(Text, Control, new PromptContext(Kind, Targets), tokenizer, StoppedAtEos);
}
