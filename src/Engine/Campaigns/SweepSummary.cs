using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>How often a behaviour fired after one prompt at one distance: with nokens (out of how many pairs) and
/// for the control. <see cref="Prompt"/> and <see cref="TokensAfter"/> are the rows' own <c>Prompt</c> and
/// <c>TokensAfter</c> columns (docs/results-schema.md), so the table joins the Parquet rows on them.</summary>
public sealed record PlantedRate(string Prompt, int TokensAfter, string Label, int Fired, int Pairs, bool ControlFired)
{
    public double Rate => Pairs == 0 ? 0 : (double)Fired / Pairs;

    /// <summary>A rendered prompt's name, <c>{prompt}@{tokens after}</c> (<see cref="Generation.PositionSweep"/>), as
    /// the shard summaries key their counts, split into the spec's name and the distance from the end.</summary>
    public static (string Prompt, int TokensAfter) Split(string renderedName)
    {
        int at = renderedName.LastIndexOf('@');
        return at > 0 && int.TryParse(renderedName.AsSpan(at + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var after)
            ? (renderedName[..at], after)
            : (renderedName, 0);
    }
}

/// <summary>
/// The answers to the seed's first questions, for one sweep: the distribution of behaviours per sampling strategy,
/// per distance of the noken from the end of the prompt, and how often each behaviour fired with nokens compared
/// with the control, per prompt. Written as <c>summary.json</c>. <see cref="Model"/> is the model as the spec named it
/// (<see cref="RecordedModel"/>) and <see cref="ModelHash"/> its checkpoint's content hash: no path of the machine
/// that ran it.
/// </summary>
public sealed record SweepSummary(
    string Campaign,
    string Model,
    long Nokens,
    long Pairs,
    double Seconds,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, Dictionary<string, int>> ByStrategy,
    IReadOnlyDictionary<string, Dictionary<string, int>> ByDistance,
    IReadOnlyList<PlantedRate> Planted)
{
    /// <summary>The checkpoint's <see cref="Checkpoints.CheckpointHash"/> ("" in summaries written before it was recorded).</summary>
    public string ModelHash { get; init; } = "";

    /// <summary>Per strategy, (noken × prompt) pairs per ground-truth outcome class: what decides hits.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, int>> OutcomesByStrategy { get; init; } = new Dictionary<string, Dictionary<string, int>>();

    /// <summary>Per outcome class, how many distinct reply texts it holds: 64 copies of one sentence are one finding.</summary>
    public IReadOnlyDictionary<string, int> DistinctReplies { get; init; } = new Dictionary<string, int>();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static SweepSummary Build(CampaignSpec spec, string modelHash, IReadOnlyList<string> labels, IReadOnlyList<ShardSummary> shards,
        IReadOnlyDictionary<string, HashSet<string>> controlFired) => Build(spec.Name, spec.ModelName, modelHash, labels, shards, controlFired);

    public static SweepSummary Build(string campaign, string model, string modelHash, IReadOnlyList<string> labels, IReadOnlyList<ShardSummary> shards,
        IReadOnlyDictionary<string, HashSet<string>> controlFired)
    {
        var byStrategy = new Dictionary<string, Dictionary<string, int>>();
        var byDistance = new Dictionary<string, Dictionary<string, int>>();
        var fired = new Dictionary<(string Prompt, string Label), int>();
        var pairs = new Dictionary<string, int>();
        var outcomes = new Dictionary<string, Dictionary<string, int>>();
        var distinct = new Dictionary<string, HashSet<long>>();
        foreach (var shard in shards)
        {
            Add(byStrategy, shard.Strategy, shard.LabelsByStrategy);
            Add(outcomes, shard.Strategy, shard.PairOutcomes);
            foreach (var (outcome, hashes) in shard.DistinctReplies)
            {
                if (!distinct.TryGetValue(outcome, out var set)) distinct[outcome] = set = [];
                set.UnionWith(hashes);
            }
            foreach (var (distance, counts) in shard.LabelsByDistance) Add(byDistance, distance, counts);
            foreach (var (prompt, counts) in shard.FiredByPrompt)
                foreach (var (label, count) in counts) fired[(prompt, label)] = fired.GetValueOrDefault((prompt, label)) + count;
            foreach (var (prompt, count) in shard.PairsByPrompt) pairs[prompt] = pairs.GetValueOrDefault(prompt) + count;
        }
        // Keyed by rendered name in the shard summaries (what crosses the grains); recorded by the schema's names.
        var planted = pairs.Keys.Select(rendered => (Rendered: rendered, Name: PlantedRate.Split(rendered)))
            .OrderBy(p => p.Name.Prompt, StringComparer.Ordinal).ThenByDescending(p => p.Name.TokensAfter)
            .SelectMany(p => labels.Select(label => new PlantedRate(p.Name.Prompt, p.Name.TokensAfter, label, fired.GetValueOrDefault((p.Rendered, label)), pairs[p.Rendered],
                controlFired.TryGetValue(p.Rendered, out var set) && set.Contains(label))))
            .ToList();
        return new SweepSummary(campaign, model, shards.Sum(s => (long)s.Nokens), pairs.Values.Sum(p => (long)p),
            shards.Sum(s => s.Seconds), labels, byStrategy, byDistance, planted)
        {
            ModelHash = modelHash,
            OutcomesByStrategy = outcomes,
            DistinctReplies = distinct.ToDictionary(kv => kv.Key, kv => kv.Value.Count),
        };
    }

    static void Add(Dictionary<string, Dictionary<string, int>> table, string row, Dictionary<string, int> counts)
    {
        if (!table.TryGetValue(row, out var target)) table[row] = target = [];
        foreach (var (label, count) in counts) target[label] = target.GetValueOrDefault(label) + count;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
