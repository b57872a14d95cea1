using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Engine.Outcomes;

/// <summary>One (noken × prompt) reply as the classifier sees it: the reply, the control's reply to the same prompt,
/// what the prompt asks for, and the reply's mean NLL under the fixed reference model (NaN when unscored).</summary>
public sealed record PairObservation(string Reply, string Control, PromptKind Kind, double ReferenceNll);
