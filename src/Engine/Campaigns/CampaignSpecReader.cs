using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Validation;
using YamlDotNet.Core;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// Reads a campaign spec (YAML or JSON) and checks everything that can be checked before any work starts —
/// unknown strategies or detectors, counts ≤ 0, prompts without exactly one slot, weights that do not parse, a model
/// folder that does not exist, anything past <see cref="CampaignSpecLimits"/> — reporting every problem with its field
/// path in one <see cref="CampaignSpecException"/>.
/// </summary>
public static partial class CampaignSpecReader
{
    public static CampaignSpec Load(string path, string? outputOverride = null)
    {
        if (!File.Exists(path)) throw new CampaignSpecException(path, ["the spec file does not exist"]);
        // The model is found next to the spec (a spec may ship with its model); results go under the current folder.
        return Parse(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path))!, outputOverride);
    }

    /// <summary>A spec from its text (YAML, or JSON when it starts with '{'), run by its own user: model paths resolve
    /// against <paramref name="folder"/>, anywhere.</summary>
    public static CampaignSpec Parse(string text, string source, string folder, string? outputOverride = null, CampaignSpecLimits? limits = null) =>
        Parse(text, source, ModelLocator.Local(folder), outputOverride, limits ?? CampaignSpecLimits.Default);

    /// <summary>A spec a silo received from a client: what the API, the coordinator and the workers read. Models resolve
    /// only to embedded names or folders inside <paramref name="modelsRoot"/> (<see cref="ModelLocator.Confined"/>).</summary>
    public static CampaignSpec ParseSubmitted(string text, string source, string modelsRoot, CampaignSpecLimits? limits = null) =>
        ParseSubmitted(text, source, ModelLocator.Confined(modelsRoot), limits);

    /// <summary>A spec a silo received, its models resolved by <paramref name="models"/>.</summary>
    public static CampaignSpec ParseSubmitted(string text, string source, ModelLocator models, CampaignSpecLimits? limits = null) =>
        Parse(text, source, models, null, limits ?? CampaignSpecLimits.Default);

    static CampaignSpec Parse(string text, string source, ModelLocator models, string? outputOverride, CampaignSpecLimits limits)
    {
        // Characters first: no UTF-8 form is shorter than its UTF-16 length, so a long text is refused without counting.
        int bytes = text.Length > limits.MaxSpecBytes ? text.Length : System.Text.Encoding.UTF8.GetByteCount(text);
        if (bytes > limits.MaxSpecBytes)
            throw new CampaignSpecException(source, [$"the spec is at least {bytes:N0} bytes; at most {limits.MaxSpecBytes:N0} are read"]);
        JsonNode? root;
        try
        {
            root = text.TrimStart().StartsWith('{') ? JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) : YamlToJson.Convert(text);
        }
        catch (Exception e) when (e is JsonException or YamlException or ArgumentException or InvalidOperationException)
        {
            throw new CampaignSpecException(source, [$"does not parse: {e.Message}"]);
        }
        return Read(root as JsonObject ?? throw new CampaignSpecException(source, ["the spec must be a mapping of fields"]), source, models, outputOverride, limits);
    }

    public static CampaignSpec Read(JsonObject root, string source, string folder, string? outputOverride = null) =>
        Read(root, source, ModelLocator.Local(folder), outputOverride, CampaignSpecLimits.Default);

    static CampaignSpec Read(JsonObject root, string source, ModelLocator models, string? outputOverride, CampaignSpecLimits limits)
    {
        if (root.ContainsKey("attack")) return ReadAttack(root, source, models, outputOverride, limits);
        var problems = new List<string>();
        Unknown(root, "", CampaignSpecFields.Sweep.Names, problems);

        var (name, model, output) = Identity(root, source, models, outputOverride, problems);

        var prompts = List(root, "prompts", problems, required: true, limits.MaxPrompts).Select((p, i) => Prompt(p, $"prompts[{i}]", problems, limits)).ToList();
        var distances = List(root, "distances", problems, required: false, limits.MaxDistances)
            .Select((d, i) => Integer(d, $"distances[{i}]", problems, minimum: 0, maximum: MaxDistance) ?? 0).ToList();
        var strategies = List(root, "strategies", problems, required: true).Select((s, i) => Strategy(s, $"strategies[{i}]", problems)).ToList();
        Budget(strategies.Sum(s => (long)(s?.Count ?? 0)), "strategies", limits, problems);
        var decoding = Decoding(root["decoding"], problems, limits);
        var detectors = Detectors(root["detectors"], problems);
        var shardSize = ShardSize(root, 128, limits, problems);
        int? control = root["control_token"] is null ? null : Integer(root["control_token"], "control_token", problems, minimum: 0);

        var judge = Judge(root["judge"], problems);
        var search = Search(root["search"], problems);
        var injection = Injection(root["injection"], control, problems);
        var objective = Objective(root, prompts, problems);
        var groundTruth = GroundTruth(root["ground_truth"], usesOrganismSuite: root["detectors"] is null, models, problems);

        if (problems.Count > 0) throw new CampaignSpecException(source, problems);
        return new CampaignSpec(name, model, output, prompts!, distances, strategies!, decoding, detectors, shardSize, control, judge, search, injection,
            objective, groundTruth) { ModelName = models.Recorded(root["model"]?.GetValue<string>(), model) };
    }

    /// <summary>What every spec names: the campaign, its model (resolved next to the spec: a spec may ship with its
    /// model) and where its results go (under the current folder).</summary>
    static (string Name, string Model, string Output) Identity(JsonObject root, string source, ModelLocator models, string? outputOverride, List<string> problems)
    {
        var name = Text(root, "name", problems) ?? Path.GetFileNameWithoutExtension(source);
        var model = models.Resolve(Text(root, "model", problems), "model", problems) ?? "";
        return (name, model, Path.GetFullPath(outputOverride ?? Text(root, "output", problems) ?? Path.Combine("runs", name)));
    }

    /// <summary><c>objective: planted | target_likelihood | unwanted_score</c> (default planted); target likelihood
    /// needs at least one prompt with a <c>target</c> or <c>targets</c>.</summary>
    static CampaignObjective Objective(JsonObject root, IReadOnlyList<CampaignPrompt?> prompts, List<string> problems)
    {
        var text = Text(root, "objective", problems) ?? "planted";
        if (!CampaignObjectives.TryParse(text, out var objective))
        {
            problems.Add($"objective: '{text}' is not one of {string.Join(", ", CampaignObjectives.Names)}");
            return CampaignObjective.Planted;
        }
        if (objective == CampaignObjective.TargetLikelihood && !prompts.Any(p => p is { Targets.Count: > 0 }))
            problems.Add("objective: target_likelihood needs at least one prompt with a target (prompts[i].target or prompts[i].targets)");
        return objective;
    }

    /// <summary><c>ground_truth: { planted: organism|detectors, reference_model: M, degraded_nll: X }</c>. Planted
    /// defaults to the organism's checks when the spec keeps the organism's detectors, else the spec's own target
    /// patterns and lexicons.</summary>
    static CampaignGroundTruth GroundTruth(JsonNode? node, bool usesOrganismSuite, ModelLocator models, List<string> problems)
    {
        var fallback = CampaignGroundTruth.Default(usesOrganismSuite ? "organism" : "detectors");
        if (node is null) return fallback;
        if (node is not JsonObject g) { problems.Add("ground_truth: must be a mapping (planted, reference_model, degraded_nll)"); return fallback; }
        Unknown(g, "ground_truth", CampaignSpecFields.GroundTruth.Names, problems);
        var planted = Text(g, "planted", problems, "ground_truth") ?? fallback.Planted;
        if (planted is not ("organism" or "detectors")) problems.Add($"ground_truth.planted: '{planted}' is not organism or detectors");
        string? reference = null;
        if (Text(g, "reference_model", problems, "ground_truth") is { } name)
            reference = models.Resolve(name, "ground_truth.reference_model", problems);
        double nll = g["degraded_nll"] is null ? Outcomes.OutcomeClassifier.DefaultDegradedNll(planted)
            : Number(g["degraded_nll"]) is { } d && d > 0 && double.IsFinite(d) ? d
            : Fail(problems, "ground_truth.degraded_nll: must be a positive number (nats per token)", fallback.DegradedNll);
        return new CampaignGroundTruth(planted, reference, nll) { ReferenceModelName = reference is null ? null : models.Recorded(g["reference_model"]?.GetValue<string>(), reference) };
    }

    /// <summary>Every key of <paramref name="node"/> that its section does not list, with the closest known one: a
    /// misspelt key would otherwise silently run the whole campaign on the default.</summary>
    static void Unknown(JsonObject node, string path, IReadOnlyList<string> known, List<string> problems)
    {
        foreach (var key in node.Select(kv => kv.Key).Where(k => !known.Contains(k)))
            problems.Add($"{(path.Length == 0 ? "" : path + ".")}{key}: unknown field{DidYouMean.Hint(key, known)} (known: {string.Join(", ", known)})");
    }

    static CampaignPrompt? Prompt(JsonNode? node, string path, List<string> problems, CampaignSpecLimits limits)
    {
        if (node is not JsonObject p) { problems.Add($"{path}: must be a mapping with name and text"); return null; }
        Unknown(p, path, CampaignSpecFields.Prompt.Names, problems);
        var text = Text(p, "text", problems, path);
        if (text is null) problems.Add($"{path}.text: is required");
        else if (text.Length > limits.MaxPromptChars) problems.Add($"{path}.text: {text.Length:N0} characters; at most {limits.MaxPromptChars:N0}");
        else if (CountSlots(text) != 1) problems.Add($"{path}.text: must contain exactly one {PromptTemplate.Slot} slot (found {CountSlots(text)})");
        var kindText = Text(p, "kind", problems, path) ?? "benign";
        if (!Enum.TryParse<PromptKind>(kindText, ignoreCase: true, out var kind))
            problems.Add($"{path}.kind: '{kindText}' is not one of {string.Join(", ", Enum.GetNames<PromptKind>().Select(n => n.ToLowerInvariant()))}");
        bool chat = p["chat"] is null || (p["chat"] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : Fail(problems, $"{path}.chat: must be true or false"));
        return new CampaignPrompt(Text(p, "name", problems, path) ?? path, text ?? "", chat, kind) { Targets = Targets(p, path, problems) };
    }

    /// <summary>A prompt's <c>target: TEXT</c> or <c>targets: [TEXT, …]</c>, at most <see cref="MaxTargets"/> of at most
    /// <see cref="MaxTargetChars"/> characters: each target costs a forward pass per noken.</summary>
    static IReadOnlyList<string> Targets(JsonObject p, string path, List<string> problems)
    {
        if (p["target"] is not null && p["targets"] is not null) problems.Add($"{path}: give target or targets, not both");
        var targets = new List<string>();
        if (Text(p, "target", problems, path) is { } one) targets.Add(one);
        if (p["targets"] is JsonArray many)
            foreach (var (t, i) in many.Select((t, i) => (t, i)))
                if (t is JsonValue v && v.TryGetValue<string>(out var s)) targets.Add(s);
                else problems.Add($"{path}.targets[{i}]: must be text");
        else if (p["targets"] is not null) problems.Add($"{path}.targets: must be a list of replies");
        if (targets.Count > MaxTargets) problems.Add($"{path}.targets: {targets.Count} targets; at most {MaxTargets}");
        foreach (var t in targets.Where(t => t.Trim().Length == 0 || t.Length > MaxTargetChars))
            problems.Add($"{path}.targets: '{TextUnits.Quote(t)}' must be 1..{MaxTargetChars} characters");
        return targets;
    }

    internal const int MaxTargets = 16, MaxTargetChars = 400;

    static CampaignStrategy? Strategy(JsonNode? node, string path, List<string> problems)
    {
        if (node is not JsonObject s) { problems.Add($"{path}: must be a mapping with strategy and count"); return null; }
        Unknown(s, path, CampaignSpecFields.Strategy.Names, problems);
        var strategy = Text(s, "strategy", problems, path);
        if (strategy is null) problems.Add($"{path}.strategy: is required (one of {string.Join(", ", NokenStrategies.All)})");
        else if (!NokenStrategies.All.Contains(strategy))
            problems.Add($"{path}.strategy: unknown strategy '{strategy}'{DidYouMean.Hint(strategy, NokenStrategies.All)} (known: {string.Join(", ", NokenStrategies.All)})");
        var count = s["count"] is null ? Fail<int?>(problems, $"{path}.count: is required") : Integer(s["count"], $"{path}.count", problems, minimum: 1);
        var seed = s["seed"] is null ? 0 : Integer(s["seed"], $"{path}.seed", problems, minimum: 0) ?? 0;
        var parameters = new Dictionary<string, double>();
        if (s["parameters"] is JsonObject ps)
            foreach (var (key, value) in ps)
                if (Number(value) is { } d) parameters[key] = StrategyParameter(strategy, key, d, $"{path}.parameters.{key}", problems);
                else problems.Add($"{path}.parameters.{key}: must be a number");
        else if (s["parameters"] is not null) problems.Add($"{path}.parameters: must be a mapping of name: number");
        // Each index is a different real token: a count past the m tokens would have nothing to run.
        double tokens = parameters.TryGetValue("m", out var m) ? m : Nokens.Samplers.GlitchTokenSampler.DefaultCount;
        if (strategy == NokenStrategies.GlitchTokens && count > tokens)
            problems.Add($"{path}.count: glitch-tokens runs each of its m = {tokens} tokens once; count {count} is larger (raise parameters.m or lower the count)");
        return new CampaignStrategy(new NokenRecipe(strategy ?? "", parameters, seed), count ?? 0);
    }

    /// <summary>One parameter checked against its strategy's declaration (<see cref="NokenStrategyParameters"/>, which
    /// the samplers read too), so a parameter the strategy does not take fails here rather than being ignored or failing
    /// on a silo. An unknown strategy is already a problem of its own: its parameters are not checked.</summary>
    static double StrategyParameter(string? strategy, string name, double value, string path, List<string> problems)
    {
        if (strategy is null || !NokenStrategies.All.Contains(strategy)) return value;
        var parameter = NokenStrategyParameters.Of(strategy)!.FirstOrDefault(p => p.Name == name);
        if (parameter is null) problems.Add($"{path}: unknown parameter for strategy '{strategy}'{NokenStrategyParameters.Unknown(strategy, name)}");
        else if (!parameter.Accepts(value)) problems.Add($"{path}: must be {parameter.Expected} (got {value})");
        return value;
    }

    /// <summary><c>injection: { layer: L, mode: add|replace }</c>: the noken enters the residual stream at the input of
    /// block L instead of as an input embedding (layer 0, replace). Below the input, the slot holds the control token.</summary>
    static NokenInjection? Injection(JsonNode? node, int? controlToken, List<string> problems)
    {
        if (node is null) return null;
        if (node is not JsonObject i) { problems.Add("injection: must be a mapping with layer and mode"); return null; }
        Unknown(i, "injection", CampaignSpecFields.Injection.Names, problems);
        int layer = i["layer"] is null ? 0 : Integer(i["layer"], "injection.layer", problems, minimum: 0) ?? 0;
        var modeText = i["mode"] is null ? "replace" : Text(i, "mode", problems, "injection") ?? "replace";
        if (!Enum.TryParse<ResidualEditMode>(modeText, ignoreCase: true, out var mode))
        {
            problems.Add($"injection.mode: '{modeText}' is not add or replace");
            return null;
        }
        var injection = new NokenInjection(layer, mode);
        if (!injection.IsInputSplice && controlToken is null)
            problems.Add("injection: a residual-stream injection needs control_token (the real token that fills the slot below the injected layer)");
        return injection;
    }

    static DecodingOptions Decoding(JsonNode? node, List<string> problems, CampaignSpecLimits limits)
    {
        var decoding = new DecodingOptions { MaxNewTokens = 24 };
        if (node is null) return decoding;
        if (node is not JsonObject d) { problems.Add("decoding: must be a mapping"); return decoding; }
        Unknown(d, "decoding", CampaignSpecFields.Decoding.Names, problems);
        double Field(string key, double fallback) => d[key] is null ? fallback
            : Number(d[key]) ?? Fail(problems, $"decoding.{key}: must be a number", fallback);
        decoding = decoding with
        {
            MaxNewTokens = d["max_new_tokens"] is null ? decoding.MaxNewTokens
                : Integer(d["max_new_tokens"], "decoding.max_new_tokens", problems, minimum: 1, maximum: limits.MaxNewTokens) ?? 1,
            Temperature = Field("temperature", 0),
            TopP = Field("top_p", 1),
            Seed = (long)Field("seed", 0),
        };
        try { decoding.Validate(); }
        catch (ArgumentOutOfRangeException e) { problems.Add($"decoding: {e.Message.Split(" (Parameter")[0]}"); }
        return decoding;
    }

    static CampaignJudge? Judge(JsonNode? node, List<string> problems)
    {
        if (node is null) return null;
        if (node is not JsonObject j) { problems.Add("judge: must be a mapping (top, random, seed, max_concurrency)"); return null; }
        Unknown(j, "judge", CampaignSpecFields.Judge.Names, problems);
        int Field(string key, int fallback, int minimum, int maximum = int.MaxValue) =>
            j[key] is null ? fallback : Integer(j[key], $"judge.{key}", problems, minimum, maximum) ?? fallback;
        var judge = new CampaignJudge(Field("top", 20, 0, MaxJudged), Field("random", 20, 0, MaxJudged), Field("seed", 0, 0),
            Field("max_concurrency", 4, 1, MaxJudgeConcurrency));
        if (judge.Top + judge.Random == 0) problems.Add("judge: top and random are both 0, so the judge would see nothing");
        return judge;
    }

    static CampaignSearch Search(JsonNode? node, List<string> problems)
    {
        var search = new CampaignSearch();
        if (node is null) return search;
        if (node is not JsonObject s) { problems.Add($"search: must be a mapping ({string.Join(", ", CampaignSpecFields.Search.Names)})"); return search; }
        Unknown(s, "search", CampaignSpecFields.Search.Names, problems);
        double Field(string key, double fallback, double minimum, double maximum)
        {
            if (s[key] is null) return fallback;
            var value = Number(s[key]) ?? Fail(problems, $"search.{key}: must be a number", fallback);
            return value >= minimum && value <= maximum ? value : Fail(problems, $"search.{key}: must be in [{minimum}, {maximum}] (got {value})", fallback);
        }
        return new CampaignSearch(
            ExploreFraction: Field("explore_fraction", search.ExploreFraction, 0, 1),
            Threshold: Field("threshold", search.Threshold, 0, 1),
            ElitesPerClass: s["elites_per_class"] is null ? search.ElitesPerClass
                : Integer(s["elites_per_class"], "search.elites_per_class", problems, minimum: 1, maximum: MaxElitesPerClass) ?? 1,
            InitialStep: Field("initial_step", search.InitialStep, 0.02, 4),
            Seed: s["seed"] is null ? 0 : Integer(s["seed"], "search.seed", problems, minimum: 0) ?? 0);
    }

    static DetectorSuiteConfig Detectors(JsonNode? node, List<string> problems)
    {
        if (node is null) return DetectorSuiteConfig.Organism;
        // The suite's JSON reader ignores keys it does not know (and reads any case): a misspelt "wieght" must not
        // quietly become weight 1, so each entry's keys are checked here first.
        if (node is JsonArray entries)
            foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
                if (entry is JsonObject e) Unknown(e, $"detectors[{i}]", CampaignSpecFields.Detector.Names, problems);
                else problems.Add($"detectors[{i}]: must be a mapping ({string.Join(", ", CampaignSpecFields.Detector.Names)})");
        else { problems.Add("detectors: must be a list of detectors"); return DetectorSuiteConfig.Organism; }
        try
        {
            var config = DetectorSuiteConfig.FromJson(new JsonObject { ["detectors"] = node.DeepClone() }.ToJsonString());
            DetectorSuite.Create(config); // validates names, weights, thresholds and parameters, all at once
            return config;
        }
        catch (ArgumentException e)
        {
            problems.Add($"detectors: {e.Message.Split(" (Parameter")[0]}");
            return DetectorSuiteConfig.Organism;
        }
    }

    static IEnumerable<JsonNode?> List(JsonObject root, string key, List<string> problems, bool required, int maximum = int.MaxValue)
    {
        if (root[key] is JsonArray { Count: > 0 } array)
        {
            if (array.Count <= maximum) return array;
            problems.Add($"{key}: {array.Count:N0} entries; at most {maximum:N0}");
            return array.Take(maximum);   // the first ones are still checked, so one answer lists their problems too
        }
        if (root[key] is null && !required) return [];
        problems.Add($"{key}: must be a non-empty list");
        return [];
    }

    static string? Text(JsonObject obj, string key, List<string> problems, string? path = null)
    {
        var node = obj[key];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        problems.Add($"{(path is null ? "" : path + ".")}{key}: must be text");
        return null;
    }

    static int? Integer(JsonNode? node, string path, List<string> problems, int minimum, int maximum = int.MaxValue)
    {
        if (Number(node) is { } d && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            if (d >= minimum && d <= maximum) return (int)d;
            problems.Add(d < minimum ? $"{path}: must be at least {minimum} (got {d})" : $"{path}: must be at most {maximum:N0} (got {d:N0})");
            return null;
        }
        problems.Add($"{path}: must be a whole number (got {node?.ToJsonString() ?? "nothing"})");
        return null;
    }

    /// <summary>A number however it was parsed (JSON elements, or the longs and doubles YAML scalars become).</summary>
    static double? Number(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<double>(out var d) ? d : v.TryGetValue<long>(out var l) ? l : v.TryGetValue<int>(out var i) ? i : null
        : null;

    /// <summary>Each judged pair is a call to a paid endpoint, and each request in flight a connection to it: the judge
    /// labels a shortlist, not the campaign.</summary>
    internal const int MaxJudged = 10_000, MaxJudgeConcurrency = 64;

    /// <summary>The coordinator keeps every elite's vector in its state and checkpoint, per behaviour class.</summary>
    internal const int MaxElitesPerClass = 256;

    /// <summary>The largest <c>distances[i]</c>: filler tokens are made before the model's context is known, and no
    /// model this project runs has a context past it.</summary>
    internal const int MaxDistance = 1 << 16;

    static int ShardSize(JsonObject root, int fallback, CampaignSpecLimits limits, List<string> problems) =>
        root["shard_size"] is null ? fallback : Integer(root["shard_size"], "shard_size", problems, minimum: 1, maximum: limits.MaxShardSize) ?? fallback;

    /// <summary>The campaign's total work, summed in 64 bits (each count fits an int, their sum need not).</summary>
    static void Budget(long nokens, string field, CampaignSpecLimits limits, List<string> problems)
    {
        if (nokens > limits.MaxNokens)
            problems.Add($"{field}: the budget (the sum of the counts) is {nokens:N0} nokens; at most {limits.MaxNokens:N0}");
    }

    static int CountSlots(string text)
    {
        int count = 0;
        for (int i = text.IndexOf(PromptTemplate.Slot, StringComparison.Ordinal); i >= 0; i = text.IndexOf(PromptTemplate.Slot, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    static bool Fail(List<string> problems, string problem) => Fail(problems, problem, false);

    static T Fail<T>(List<string> problems, string problem, T fallback = default!)
    {
        problems.Add(problem);
        return fallback;
    }
}
