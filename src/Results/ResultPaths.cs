namespace Orleans.Noken.Results;

/// <summary>
/// The campaign result layout, the contract other tools read; nobody builds these strings by hand.
/// <code>
/// campaigns/{campaign}/spec.json
/// campaigns/{campaign}/summary.json
/// campaigns/{campaign}/control.json
/// campaigns/{campaign}/shards/{stem}.parquet        (+ {stem}.summary.json)
/// campaigns/{campaign}/elites/{name}
/// campaigns/{campaign}/checkpoints/{name}
/// campaigns/{campaign}/hardened/{job}/{file}          (a hardened checkpoint, from a hardening job on the cluster)
/// campaigns/{campaign}/attacks/{stem}.json            (an attack campaign's shard: its units and what they found)
/// campaigns/{campaign}/attack.json                    (an attack campaign's report, once every shard is in)
/// </code>
/// A store that holds one campaign only (the folder <c>noken sweep --out DIR</c> writes) uses the same layout
/// without the <c>campaigns/{campaign}/</c> prefix: <see cref="AtRoot"/>.
/// </summary>
public sealed class ResultPaths
{
    public const string CampaignsFolder = "campaigns";

    ResultPaths(string prefix) => Prefix = prefix;

    /// <summary>One campaign among many in a shared store (the cluster's blob container).</summary>
    public static ResultPaths ForCampaign(string campaign) => new($"{CampaignsFolder}/{Segment(campaign, nameof(campaign))}/");

    /// <summary>A store dedicated to a single campaign: its files sit at the root.</summary>
    public static ResultPaths AtRoot { get; } = new("");

    /// <summary>Empty, or ends with '/'.</summary>
    public string Prefix { get; }

    public string Spec => Prefix + "spec.json";
    public string Summary => Prefix + "summary.json";
    public string Judge => Prefix + "judge.jsonl";
    /// <summary>The detector labels and what fired on each prompt's control (written once by the first silo).</summary>
    public string Control => Prefix + "control.json";
    public string ShardsPrefix => Prefix + "shards/";
    public string ElitesPrefix => Prefix + "elites/";
    public string CheckpointsPrefix => Prefix + "checkpoints/";
    public string HardenedPrefix => Prefix + "hardened/";
    public string AttacksPrefix => Prefix + "attacks/";
    public string AttackReport => Prefix + "attack.json";

    /// <summary>A shard's rows; <paramref name="stem"/> is derived from the shard's recipe, so it is deterministic.</summary>
    public string ShardResults(string stem) => ShardsPrefix + Segment(stem, nameof(stem)) + ".parquet";
    public string ShardSummary(string stem) => ShardsPrefix + Segment(stem, nameof(stem)) + ".summary.json";
    public string Elite(string name) => ElitesPrefix + Segment(name, nameof(name));
    public string Checkpoint(string name) => CheckpointsPrefix + Segment(name, nameof(name));

    /// <summary>The folder (ending in '/') of the checkpoint hardening job <paramref name="job"/> made from this campaign.</summary>
    public string Hardened(string job) => HardenedPrefix + Segment(job, nameof(job)) + "/";

    /// <summary>An attack campaign's shard: its units and what each found.</summary>
    public string AttackShard(string stem) => AttacksPrefix + Segment(stem, nameof(stem)) + ".json";

    /// <summary>The shard stem of a path under <see cref="AttacksPrefix"/> ending in .json, else null.</summary>
    public string? AttackStemOf(string path) =>
        path.StartsWith(AttacksPrefix, StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal)
            ? path[AttacksPrefix.Length..^".json".Length] : null;

    /// <summary>The shard stem of a path under <see cref="ShardsPrefix"/> ending in .parquet, else null.</summary>
    public string? ShardStemOf(string path) =>
        path.StartsWith(ShardsPrefix, StringComparison.Ordinal) && path.EndsWith(".parquet", StringComparison.Ordinal)
            ? path[ShardsPrefix.Length..^".parquet".Length] : null;

    static string Segment(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.Contains('/') || value.Contains('\\') || value[0] == '.')
            throw new ArgumentException($"'{value}' cannot be one segment of a result path (no '/', '\\' or leading '.').", name);
        return value;
    }

    public override string ToString() => Prefix;
}
