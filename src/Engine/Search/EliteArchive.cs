using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// The best nokens found so far, <see cref="PerClass"/> per behaviour class (top label), so that exploitation keeps
/// several distinct finds alive instead of collapsing on the single best one. Order within a class is by score,
/// then by <see cref="Elite.Key"/> (ordinal), so the archive is the same whatever order shards complete in.
/// </summary>
public sealed class EliteArchive
{
    readonly SortedDictionary<string, List<Elite>> _classes = new(StringComparer.Ordinal);

    public EliteArchive(int perClass)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        PerClass = perClass;
    }

    /// <summary>For JSON (grain state, the elites file): the flat list is re-offered, which restores the same archive.</summary>
    [JsonConstructor]
    public EliteArchive(int perClass, IReadOnlyList<Elite>? elites) : this(perClass)
    {
        foreach (var elite in elites ?? []) Offer(elite);
    }

    public int PerClass { get; }

    /// <summary>Every elite, by class (ordinal), best first within a class.</summary>
    public IReadOnlyList<Elite> Elites => _classes.Values.SelectMany(c => c).ToList();

    /// <summary>Every elite, best first across classes (ties by key, as within a class).</summary>
    [JsonIgnore]
    public IReadOnlyList<Elite> Ranked => _classes.Values.SelectMany(c => c).Order(Comparer<Elite>.Create(Compare)).ToList();

    [JsonIgnore]
    public IReadOnlyList<string> Classes => _classes.Keys.ToList();

    [JsonIgnore]
    public int Count => _classes.Values.Sum(c => c.Count);

    /// <summary>The elites of one class, best first (empty when the class has none).</summary>
    public IReadOnlyList<Elite> Of(string label) => _classes.TryGetValue(label, out var list) ? list : [];

    /// <summary>Keeps <paramref name="elite"/> if it ranks among its class's best; false when it did not (or is
    /// already archived: a shard folded twice must not fill a class with copies).</summary>
    public bool Offer(Elite elite)
    {
        ArgumentNullException.ThrowIfNull(elite);
        if (!_classes.TryGetValue(elite.Label, out var list)) _classes[elite.Label] = list = [];
        var key = elite.Key;
        if (list.Any(e => e.Key == key)) return false;
        int at = list.FindIndex(e => Compare(elite, e) < 0);
        if (at < 0) at = list.Count;
        if (at >= PerClass) return false;
        list.Insert(at, elite);
        if (list.Count > PerClass) list.RemoveAt(list.Count - 1);
        return true;
    }

    public EliteArchive Clone() => new(PerClass, Elites);

    /// <summary>Higher score first; equal scores by key, so ties never depend on arrival order.</summary>
    static int Compare(Elite a, Elite b)
    {
        int byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(a.Key, b.Key);
    }
}
