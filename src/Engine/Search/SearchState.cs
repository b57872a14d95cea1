using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// Everything <see cref="AdaptiveSearchPolicy"/> knows, as one serializable value: a coordinator checkpoints it
/// and resumes a policy from it. Small by design — a shard ledger and an archive, never a list of nokens.
/// </summary>
/// <param name="Issued">Nokens issued so far (the budget counts these).</param>
/// <param name="Completed">Nokens whose outcomes were folded in.</param>
/// <param name="NextShardId">Shard ids are 0, 1, 2, …; each shard's random decisions derive from (seed, id).</param>
/// <param name="ExploreShards">How many explore shards were issued (picks the next base strategy, in turn).</param>
/// <param name="NextStart">Per base strategy, the first index not yet issued: explore shards never repeat a noken.</param>
/// <param name="ClassCursor">Round-robin position over the archive's classes.</param>
/// <param name="Pending">Issued, not yet completed: what their outcomes are folded against.</param>
/// <param name="HitsByClass">Nokens at or above the unwanted threshold, by top label.</param>
public sealed record SearchState(
    long Issued,
    long Completed,
    long NextShardId,
    long ExploreShards,
    IReadOnlyList<long> NextStart,
    long ClassCursor,
    IReadOnlyList<SearchShard> Pending,
    IReadOnlyDictionary<string, ClassStatistics> Classes,
    IReadOnlyDictionary<string, long> HitsByClass,
    EliteArchive Archive)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Recipes nest one level per exploited generation (AroundSampler.MaxDepth); leave room above it.
        MaxDepth = 256,
    };

    [JsonIgnore]
    public long Hits => HitsByClass.Values.Sum();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SearchState FromJson(string json) =>
        JsonSerializer.Deserialize<SearchState>(json, Json) ?? throw new JsonException("search state JSON is null");
}
