namespace Orleans.Noken.Engine.Campaigns;

/// <summary>A spec that cannot run, with every problem by field (<c>strategies[1].count: must be at least 1</c>).</summary>
public sealed class CampaignSpecException(string source, IReadOnlyList<string> problems)
    : Exception($"{source}: the campaign spec has {problems.Count} problem(s):\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
