namespace Orleans.Noken.Engine.Outcomes;

/// <summary>One (noken × prompt) reply as the classifier sees it: the reply, the control's reply to the same prompt, and
/// the reply's mean NLL under the fixed reference model (NaN when unscored).</summary>
public sealed record PairObservation(string Reply, string Control, double ReferenceNll);
