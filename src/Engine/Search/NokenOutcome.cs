namespace Orleans.Noken.Engine.Search;

/// <summary>What search needs to know about one evaluated noken: its index within the shard's recipe, the class of
/// its best pair under the campaign's objective (an outcome class, or a detector label for the unwanted-score
/// objective), its objective score over the campaign's prompts, whether it is a hit — decided by the objective
/// (ground truth except for the unwanted-score objective), never by comparing the score with a threshold here — and
/// optionally its continuation.</summary>
public sealed record NokenOutcome(long Index, string Label, double Score, bool Hit, string? Continuation = null);
