using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Attacks.Campaign;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Validation;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// An attack campaign's spec: <c>name</c>, <c>model</c>, <c>output</c>, <c>shard_size</c> (units per shard, default 1)
/// and <c>attack: { target, method, constraint, nokens, restarts, steps, seed, check_every, learning_rate, top_k,
/// candidates, max_new_tokens, budget }</c> with <c>noken attack</c>'s meanings and defaults. Its prompts are the
/// goal's held-out trigger paraphrases and benign requests and its success the ground-truth check, so a sweep's
/// prompts, strategies, detectors and search are refused rather than ignored.
/// </summary>
public static partial class CampaignSpecReader
{
    static IReadOnlyList<string> AttackFields => CampaignSpecFields.Attack.Names;

    static IReadOnlyList<string> AttackOptionFields => CampaignSpecFields.AttackOptions.Names;

    static CampaignSpec ReadAttack(JsonObject root, string source, ModelLocator models, string? outputOverride, CampaignSpecLimits limits)
    {
        var problems = new List<string>();
        foreach (var key in root.Select(kv => kv.Key).Where(k => !AttackFields.Contains(k)))
            problems.Add($"{key}: not part of an attack campaign{DidYouMean.Hint(key, AttackFields)} (its fields: {string.Join(", ", AttackFields)}); an attack's prompts and checks come from its target");
        var (name, model, output) = Identity(root, source, models, outputOverride, problems);
        var shardSize = ShardSize(root, CampaignAttack.DefaultUnitsPerShard, limits, problems);
        var attack = Attack(root["attack"], problems, limits);
        if (attack is not null && problems.Count == 0) Budget(attack.Units, "attack", limits, problems);   // units need a valid target

        if (problems.Count > 0) throw new CampaignSpecException(source, problems);
        return new CampaignSpec(name, model, output, [], [], [new CampaignStrategy(attack!.Recipe, attack.Units)],
            new DecodingOptions { MaxNewTokens = attack.Options.MaxNewTokens }, DetectorSuiteConfig.Organism, shardSize, null,
            GroundTruth: CampaignGroundTruth.Default("organism")) { Attack = attack, ModelName = models.Recorded(root["model"]?.GetValue<string>(), model) };
    }

    static CampaignAttack? Attack(JsonNode? node, List<string> problems, CampaignSpecLimits limits)
    {
        if (node is not JsonObject a) { problems.Add($"attack: must be a mapping ({string.Join(", ", AttackOptionFields)})"); return null; }
        Unknown(a, "attack", AttackOptionFields, problems);
        var target = Text(a, "target", problems, "attack");
        if (target is null) problems.Add($"attack.target: is required (one of {string.Join(", ", AttackGoal.Names)})");
        else if (!AttackGoal.Names.Contains(target))
            problems.Add($"attack.target: '{target}' is not one of {string.Join(", ", AttackGoal.Names)}{DidYouMean.Hint(target, AttackGoal.Names)}");
        var methodText = Text(a, "method", problems, "attack");
        AttackMethod method = AttackMethod.Embedding;
        if (methodText is null) problems.Add("attack.method: is required (embedding, gcg or prefill)");
        else if (!AttackMethods.TryParse(methodText, out method))
            problems.Add($"attack.method: '{methodText}' is not embedding, gcg or prefill{DidYouMean.Hint(methodText, AttackMethods.Names)}");
        var constraintText = Text(a, "constraint", problems, "attack") ?? "shell";
        if (!AttackMethods.TryParseConstraint(constraintText, out var constraint)) problems.Add($"attack.constraint: '{constraintText}' is not shell or none");

        var defaults = new AttackOptions(method);
        int Int(string key, int fallback) => a[key] is null ? fallback : Integer(a[key], $"attack.{key}", problems, minimum: 0) ?? fallback;
        double Real(string key, double fallback) => a[key] is null ? fallback : Number(a[key]) ?? Fail(problems, $"attack.{key}: must be a number", fallback);
        var options = defaults with
        {
            Constraint = constraint,
            Nokens = Int("nokens", defaults.Nokens),
            Restarts = Int("restarts", defaults.Restarts),
            Steps = Int("steps", defaults.Steps),
            Seed = Int("seed", (int)defaults.Seed),
            CheckEvery = Int("check_every", defaults.CheckEvery),
            LearningRate = Real("learning_rate", defaults.LearningRate),
            TopK = Int("top_k", defaults.TopK),
            Candidates = Int("candidates", defaults.Candidates),
            MaxNewTokens = a["max_new_tokens"] is null ? defaults.MaxNewTokens
                : Integer(a["max_new_tokens"], "attack.max_new_tokens", problems, minimum: 0, maximum: limits.MaxNewTokens) ?? defaults.MaxNewTokens,
            Budget = Int("budget", (int)defaults.Budget),
        };
        try { options.Validate(); }
        catch (ArgumentOutOfRangeException e)
        {
            var field = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ParamName ?? "");
            problems.Add($"attack.{field}: {e.Message.Split(" (Parameter")[0].Replace($"--{field.Replace('_', '-')} ", "")}");
        }
        return target is null ? null : new CampaignAttack(target, options);
    }
}
