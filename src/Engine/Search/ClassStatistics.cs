namespace Orleans.Noken.Engine.Search;

/// <summary>Per behaviour class: the exploit step size now, and how its exploit shards have fared so far.</summary>
public sealed record ClassStatistics(double Step, long ExploitShards = 0, long ExploitNokens = 0, long Successes = 0);
