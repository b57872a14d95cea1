namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// The most likely tokens at one decode step, most likely first, with their log-probabilities under the model's
/// own distribution (the log-softmax of the unmodified logits, whatever temperature or top-p chose the token).
/// </summary>
public sealed record TokenAlternatives(int[] Ids, float[] LogProbs);
