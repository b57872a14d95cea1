using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// Everything a replay needs to regenerate one noken and run it again: the campaign's spec (prompts, decoding,
/// detectors), the noken's recipe and index, and what the cluster recorded for it, to compare with.
/// </summary>
internal sealed record ReplayInput(CampaignSpec Spec, NokenRecipe Recipe, long Index, string NokenId, NokenOutcome? Recorded)
{
    const string SpecFile = "spec.json";

    /// <summary>From a cluster: the shard's summary (recipe, start, outcomes) and the campaign's <c>spec.json</c>.</summary>
    public static async Task<ReplayInput> FromClusterAsync(NokenApiClient api, string campaign, NokenId id, CancellationToken cancellation = default)
    {
        byte[] bytes;
        try
        {
            bytes = await api.ReadFileAsync(campaign, id.SummaryPath, cancellation);
        }
        catch (NokenApiException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
        {
            // The same 404 whether the campaign or the shard is missing: an unknown campaign gets the server's own
            // "no campaign with id" from here, rather than being told it lacks a shard.
            await api.StatusAsync(campaign, cancellation);
            throw new NokenApiException($"campaign {campaign} has no shard {id.Stem} ({e.Message}); `noken results {campaign}` lists replayable noken ids", e.Status, inner: e);
        }
        var shard = ReadShardSummary(bytes, id.SummaryPath);
        byte[] specJson;
        try
        {
            specJson = await api.ReadFileAsync(campaign, SpecFile, cancellation);
        }
        catch (NokenApiException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
        {
            throw new NokenApiException($"campaign {campaign} has no {SpecFile} in the result store ({e.Message}), so its prompts and detectors are unknown", e.Status, inner: e);
        }
        var spec = ReadParsedSpec(specJson, $"{campaign}/{SpecFile}");
        return new ReplayInput(spec, RecipeOf(shard, id.SummaryPath), CheckInShard(shard, id.Index, id.SummaryPath), id.ToString(), RecordedOf(shard, id.Index));
    }

    /// <summary>From a campaign's local results folder (what <c>noken sweep</c> or <c>noken run</c> wrote, or
    /// <c>noken export</c> downloaded): the same two files a cluster serves, read from disk.</summary>
    public static ReplayInput FromFolder(string folder, NokenId id)
    {
        var specPath = Path.Combine(folder, SpecFile);
        if (!File.Exists(specPath))
            throw new FileNotFoundException($"--campaign {folder}: a folder, but not a campaign's results folder (no {SpecFile}; `noken sweep` and `noken run` write one)");
        var summaryPath = Path.Combine(folder, id.SummaryPath);
        if (!File.Exists(summaryPath))
            throw new FileNotFoundException($"--campaign {folder} has no shard {id.Stem} (no {id.SummaryPath}); `noken results --out {folder}` lists replayable noken ids");
        var shard = ReadShardSummary(File.ReadAllBytes(summaryPath), summaryPath);
        var spec = ReadParsedSpec(File.ReadAllBytes(specPath), specPath);
        return new ReplayInput(spec, RecipeOf(shard, summaryPath), CheckInShard(shard, id.Index, summaryPath), id.ToString(), RecordedOf(shard, id.Index));
    }

    /// <summary>Without a cluster. <paramref name="recipe"/> is recipe JSON, or a file holding a recipe or a shard's
    /// summary (as <c>noken export</c> downloads them); <paramref name="specPath"/> is a spec as <c>noken sweep</c> reads
    /// it, or a campaign's <c>spec.json</c>.</summary>
    public static ReplayInput Offline(string recipe, long index, string specPath)
    {
        if (index < 0) throw new ArgumentException($"--index must be 0 or more (got {index})");
        var source = File.Exists(recipe) ? recipe : "--recipe";
        var text = File.Exists(recipe) ? File.ReadAllText(recipe) : recipe;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--recipe: '{Shorten(recipe)}' is neither a file nor recipe JSON ({e.Message})");
        }
        NokenRecipe parsed;
        NokenOutcome? recorded = null;
        if (node is JsonObject { } shardNode && shardNode["recipe"] is JsonObject)
        {
            var shard = ReadShardSummary(JsonSerializer.SerializeToUtf8Bytes(shardNode), source);
            parsed = RecipeOf(shard, source);
            CheckInShard(shard, index, source);
            recorded = RecordedOf(shard, index);
        }
        else parsed = ReadRecipe(node, source);
        var spec = LoadSpec(specPath);
        return new ReplayInput(spec, parsed, index, $"{parsed.Strategy}:{parsed.Seed}:{index}", recorded);
    }

    /// <summary>An exported <c>spec.json</c> (the parsed spec, camelCase, models as the spec named them) or a spec as the
    /// user writes it. The parsed form always has <c>shardSize</c>; the written form spells it <c>shard_size</c>.</summary>
    public static CampaignSpec LoadSpec(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the spec file does not exist");
        var text = File.ReadAllText(path);
        return IsParsedSpec(text) ? ReadParsedSpec(File.ReadAllBytes(path), path) : CampaignSpecReader.Load(path);
    }

    static bool IsParsedSpec(string text)
    {
        if (!text.TrimStart().StartsWith('{')) return false;
        try
        {
            return JsonNode.Parse(text) is JsonObject root && root.ContainsKey("shardSize");
        }
        catch (JsonException)
        {
            return false; // not JSON at all: let the spec reader say what is wrong with it
        }
    }

    public static CampaignSpec ReadParsedSpec(byte[] bytes, string source)
    {
        CampaignSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<CampaignSpec>(bytes, SweepSummary.Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not a campaign's spec.json ({e.Message})");
        }
        // The deserializer leaves absent constructor arguments null whatever their declared nullability.
        if (spec is null || spec.Prompts is not { Count: > 0 } || spec.Strategies is not { Count: > 0 } || spec.Decoding is null || spec.Detectors is null || spec.Model is null)
            throw new FormatException($"{source}: not a campaign's spec.json (model, prompts, strategies, decoding or detectors missing)");
        return RecordedSpec.Resolve(spec);
    }

    static ShardSummary ReadShardSummary(byte[] bytes, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<ShardSummary>(bytes, SweepSummary.Json) ?? throw new FormatException($"{source}: empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not a shard summary ({e.Message})");
        }
    }

    static NokenRecipe ReadRecipe(JsonNode? node, string source)
    {
        NokenRecipe? recipe;
        try
        {
            recipe = node?.Deserialize<NokenRecipe>(SweepSummary.Json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: not a noken recipe ({e.Message})");
        }
        if (recipe is null || string.IsNullOrWhiteSpace(recipe.Strategy))
            throw new ArgumentException($"{source}: not a noken recipe (expected {{\"strategy\": ..., \"parameters\": {{...}}, \"seed\": ...}})");
        return recipe;
    }

    static NokenRecipe RecipeOf(ShardSummary shard, string source) =>
        shard.Recipe ?? throw new FormatException($"{source}: the shard summary has no recipe (written before summaries recorded one?)");

    static long CheckInShard(ShardSummary shard, long index, string source)
    {
        if (index < shard.Start || index >= shard.Start + shard.Nokens)
            throw new ArgumentException($"noken index {index} is not in the shard of {source}: it holds indices {shard.Start}..{shard.Start + shard.Nokens - 1}");
        return index;
    }

    static NokenOutcome? RecordedOf(ShardSummary shard, long index) => shard.Outcomes?.FirstOrDefault(o => o.Index == index);

    static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
