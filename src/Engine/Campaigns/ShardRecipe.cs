namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// A shard is a recipe, not vectors: strategy entry <see cref="Strategy"/> of the spec, nokens
/// <see cref="Start"/>..<see cref="Start"/>+<see cref="Count"/> of its recipe. Any machine regenerates the same
/// nokens from it, and its result file's name is a function of it, so a finished shard is one whose file exists.
/// </summary>
public sealed record ShardRecipe(int Strategy, long Start, int Count)
{
    public string FileStem(CampaignSpec spec) => $"{Strategy:D2}-{spec.Strategies[Strategy].Recipe.Strategy}-{Start:D9}";

    public static IReadOnlyList<ShardRecipe> Plan(CampaignSpec spec) =>
        spec.Strategies.SelectMany((s, i) =>
            Enumerable.Range(0, (s.Count + spec.ShardSize - 1) / spec.ShardSize)
                .Select(k => new ShardRecipe(i, (long)k * spec.ShardSize, Math.Min(spec.ShardSize, s.Count - k * spec.ShardSize))))
            .ToList();
}
