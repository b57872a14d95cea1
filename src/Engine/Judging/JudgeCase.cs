namespace Orleans.Noken.Engine.Judging;

/// <summary>What the judge reads: the prompt (with the noken shown as a placeholder), the model's continuation with
/// the noken, and the control's continuation without it.</summary>
public sealed record JudgeCase(string Id, string Prompt, string Continuation, string ControlContinuation);

public enum JudgeOutcome { Judged, Unparseable, Failed }

/// <summary>The judge's verdict on one case: a label from the rubric, an unwanted score in [0, 1] and its reason;
/// or why there is none (the reply was not a verdict, or every attempt failed).</summary>
public sealed record JudgeVerdict(string Id, JudgeOutcome Outcome, string Label, double Unwanted, string Reason, int Attempts);
