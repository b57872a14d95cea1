using System.Globalization;

namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// A noken's id, <c>{stem}/{index}</c> (<see cref="Engine.Search.ShardNames"/>; the same from <c>noken sweep</c>,
/// <c>noken run</c> and a cluster): the shard file stem that holds it and its index in the shard's recipe
/// (an absolute index, not an offset into the shard). The stem names the shard's summary, which holds the recipe, so
/// the id alone is enough to regenerate the noken.
/// </summary>
internal sealed record NokenId(string Stem, long Index)
{
    public static NokenId Parse(string text)
    {
        var slash = text.LastIndexOf('/');
        var stem = slash > 0 ? text[..slash] : "";
        if (slash <= 0 || stem.Contains('/') || stem.StartsWith('.') || stem.Contains('\\')
            || !long.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new ArgumentException($"'{text}' is not a cluster noken id SHARD/INDEX (like 000000003-around/17, as `noken results` prints them)"
                + (text.Count(c => c == ':') == 2 ? "; an old local sweep's STRATEGY:SEED:INDEX id replays with --recipe, --index and --spec" : ""));
        return new NokenId(stem, index);
    }

    /// <summary>The shard's summary file, relative to the campaign's folder.</summary>
    public string SummaryPath => $"shards/{Stem}.summary.json";

    public override string ToString() => $"{Stem}/{Index.ToString(CultureInfo.InvariantCulture)}";
}
