using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Attacks.Campaign;
using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// One attack unit to re-decode: the goal it attacked, the reply length it was checked at, what it recorded (its
/// vectors or tokens, its success and reply), and the model that ran it when known (a cluster campaign's spec).
/// </summary>
internal sealed record AttackReplayInput(string Target, int MaxNewTokens, AttackUnitResult Unit, string? Model, string Source)
{
    /// <summary>From a cluster: null when <paramref name="campaign"/> is not an attack campaign (a sweep's noken id
    /// replays the usual way); else the unit from its shard file <c>attacks/{stem}.json</c>.</summary>
    public static async Task<AttackReplayInput?> TryFromClusterAsync(NokenApiClient api, string campaign, NokenId id, CancellationToken cancellation = default)
    {
        byte[] specJson;
        try
        {
            specJson = await api.ReadFileAsync(campaign, "spec.json", cancellation);
        }
        catch (NokenApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;   // the sweep path says what is missing, in its own words
        }
        if (JsonSerializer.Deserialize<CampaignSpec>(specJson, SweepSummary.Json)?.Attack is not { } attack) return null;
        var model = JsonNode.Parse(specJson)?["model"]?.GetValue<string>();
        var path = $"attacks/{id.Stem}.json";
        byte[] bytes;
        try
        {
            bytes = await api.ReadFileAsync(campaign, path, cancellation);
        }
        catch (NokenApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            throw new NokenApiException($"attack campaign {campaign} has no shard {id.Stem} yet ({e.Message}); `noken status {campaign}` shows how far it is", e.Status, inner: e);
        }
        var file = AttackShardFile.FromUtf8(bytes, $"{campaign}/{path}");
        return new AttackReplayInput(attack.Target, file.MaxNewTokens, UnitOf(file.Results, id.Index, $"{campaign}/{path}"), model, $"{campaign}/{path}");
    }

    /// <summary>From an attack campaign's local results folder: its <c>attacks/{stem}.json</c>; null when the folder's
    /// <c>spec.json</c> is missing or not an attack's (the sweep path then says what is missing).</summary>
    public static AttackReplayInput? TryFromFolder(string folder, NokenId id)
    {
        var specPath = Path.Combine(folder, "spec.json");
        if (!File.Exists(specPath)) return null;
        var specJson = File.ReadAllBytes(specPath);
        CampaignSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<CampaignSpec>(specJson, SweepSummary.Json);
        }
        catch (JsonException)
        {
            return null;   // the sweep path reports the unreadable spec.json
        }
        if (spec?.Attack is null) return null;
        var path = Path.Combine(folder, "attacks", $"{id.Stem}.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"attack campaign folder {folder} has no shard {id.Stem} (no attacks/{id.Stem}.json)");
        if (id.Index > int.MaxValue) throw new ArgumentException($"unit index {id.Index} is out of range");
        return Offline(path, (int)id.Index) with { Model = JsonNode.Parse(specJson)?["model"]?.GetValue<string>() };
    }

    /// <summary>Offline: an attack report (<c>noken attack --json</c>, a campaign's <c>attack.json</c>) or one of an
    /// attack campaign's shard files; both name the target and list the units.</summary>
    public static AttackReplayInput Offline(string path, int unit)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--attack: {path} does not exist");
        AttackHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<AttackHeader>(File.ReadAllBytes(path), AttackReport.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not an attack report or attack shard ({e.Message})");
        }
        if (header is not { Target: { } target, Results: { } results } || !AttackGoal.Names.Contains(target))
            throw new InvalidDataException($"{path}: not an attack report or attack shard (it needs a target among {string.Join(", ", AttackGoal.Names)} and results)");
        return new AttackReplayInput(target, header.MaxNewTokens ?? new AttackOptions(AttackMethod.Embedding).MaxNewTokens, UnitOf(results, unit, path), null, path);
    }

    static AttackUnitResult UnitOf(IReadOnlyList<AttackUnitResult> results, long index, string source) =>
        results.FirstOrDefault(r => r.Index == index)
        ?? throw new ArgumentException($"{source} holds units {string.Join(", ", results.Select(r => r.Index))}, not {index}");

    /// <summary>What a report and a shard file share (a report written before max_new_tokens was recorded used the default).</summary>
    sealed record AttackHeader(string? Target, int? MaxNewTokens, IReadOnlyList<AttackUnitResult>? Results);
}
