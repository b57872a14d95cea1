namespace Orleans.Noken.Engine.Search;

/// <summary>What search needs to know about one evaluated noken: its index within the shard's recipe, the
/// detectors' top label and unwanted score (over the campaign's prompts), and optionally its continuation.</summary>
public sealed record NokenOutcome(long Index, string Label, double Score, string? Continuation = null);
