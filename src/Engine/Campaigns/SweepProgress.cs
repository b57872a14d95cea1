namespace Orleans.Noken.Engine.Campaigns;

/// <summary>Where a sweep is, for a progress display: nokens done of total, rate, and the labels seen so far.</summary>
public sealed record SweepProgress(long NokensDone, long NokensTotal, double NokensPerSecond, IReadOnlyDictionary<string, int> Labels, int ShardsResumed)
{
    public TimeSpan? Eta => NokensPerSecond > 0 ? TimeSpan.FromSeconds((NokensTotal - NokensDone) / NokensPerSecond) : null;
}
