using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Nokens;
using static Orleans.Noken.Engine.Campaigns.SpecTypes;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// Every field a campaign spec may have, section by section. <see cref="CampaignSpecReader"/> refuses any key not
/// listed here (with a did-you-mean), and <see cref="CampaignSpecSchema"/> is generated from these tables, so the
/// editor's schema and the reader cannot disagree on a name. Value checks stay in the reader; the types and bounds
/// here describe them for editors.
/// </summary>
public static class CampaignSpecFields
{
    static readonly SpecField SchemaLink = new("$schema", "The JSON Schema this spec follows, for editors; the reader ignores it", Text());
    static readonly SpecField Name = new("name", "The campaign's name (default: the spec file's name)", Text());
    static readonly SpecField Model = new("model",
        "A Hugging Face model folder (relative to the spec) or an embedded model name such as 'organism' (default: the embedded organism)", Text());
    static readonly SpecField Output = new("output", "Where results go (default: runs/NAME under the current folder)", Text());

    public static SpecSection Prompt { get; } = new("A prompt template with exactly one {noken} slot", [
        new("name", "The prompt's name in results (default: its path, prompts[i])", Text()),
        new("text", $"The prompt text, with exactly one {PromptTemplate.Slot} slot where the noken goes",
            new JsonObject { ["type"] = "string", ["pattern"] = OneSlot() }, Required: true),
        new("kind", "What the aligned model should do with it (default benign)", OneOf(Enum.GetNames<PromptKind>().Select(n => n.ToLowerInvariant()))),
        new("chat", "Wrap the prompt in the model's chat template (default true)", Boolean()),
        new("target", "A reply whose likelihood the target_likelihood objective raises (give target or targets, not both)", Text()),
        new("targets", $"Replies whose likelihood the target_likelihood objective raises, at most {CampaignSpecReader.MaxTargets}",
            ListOf(Text(), maxItems: CampaignSpecReader.MaxTargets)),
    ]);

    public static SpecSection Strategy { get; } = new("A noken sampling strategy and how many nokens it draws", [
        new("strategy", "The sampling strategy", OneOf(NokenStrategies.All), Required: true),
        new("count", "How many nokens", Integer(1), Required: true),
        new("seed", "The strategy's seed (default 0)", Integer(0)),
        new("parameters", "The strategy's parameters by name; which ones depends on the strategy", new JsonObject { ["type"] = "object" }),
    ])
    { Constraints = new JsonObject { ["allOf"] = new JsonArray(NokenStrategies.All.Select(ParametersOf).ToArray()) } };

    public static SpecSection Decoding { get; } = new("How continuations are decoded", [
        new("max_new_tokens", "Tokens generated per (noken, prompt) pair (default 24)", Integer(1)),
        new("temperature", "Sampling temperature; 0 is greedy (default 0)", Number(minimum: 0)),
        new("top_p", "Nucleus sampling mass, in (0, 1] (default 1)", Number(above: 0, maximum: 1)),
        new("seed", "The sampling seed (default 0)", Integer(0)),
    ]);

    public static SpecSection Detector { get; } = new("One behaviour detector, in priority order", [
        new("detector", "The detector kind", OneOf(DetectorCatalog.Names), Required: true),
        new("label", "The class it reports (default: the kind; two of a kind need two labels)", Text()),
        new("weight", "Its weight in the unwanted score (default 1)", Number(minimum: 0)),
        new("threshold", "The score from which it counts as firing, in (0, 1] (default 0.5)", Number(above: 0, maximum: 1)),
        new("parameters", "The detector kind's own parameters (`noken detectors config` prints the organism's)", new JsonObject { ["type"] = "object" }),
    ])
    { Constraints = new JsonObject { ["allOf"] = new JsonArray(DetectorCatalog.Names.Select(DetectorParametersOf).ToArray()) } };

    public static SpecSection Judge { get; } = new("The LLM judge (an OpenAI-compatible endpoint) labels a shortlist of pairs", [
        new("top", "Highest-scoring pairs judged (default 20)", Integer(0, CampaignSpecReader.MaxJudged)),
        new("random", "Randomly drawn pairs judged (default 20)", Integer(0, CampaignSpecReader.MaxJudged)),
        new("seed", "Seed of the random draw (default 0)", Integer(0)),
        new("max_concurrency", "Requests in flight at once (default 4)", Integer(1, CampaignSpecReader.MaxJudgeConcurrency)),
    ]);

    public static SpecSection Search { get; } = new("Adaptive search: how much to explore, and how to exploit elites", [
        new("explore_fraction", "Share of shards drawn from the base strategies, in [0, 1]", Number(0, 1)),
        new("threshold", "Objective score from which a noken is an elite, in [0, 1]", Number(0, 1)),
        new("elites_per_class", "Elites kept per behaviour class", Integer(1, CampaignSpecReader.MaxElitesPerClass)),
        new("initial_step", "First exploitation step, relative to an elite's norm, in [0.02, 4]", Number(0.02, 4)),
        new("seed", "The search's seed (default 0)", Integer(0)),
    ]);

    public static SpecSection Injection { get; } = new("Residual-stream injection instead of an input embedding", [
        new("layer", "The block at whose input the noken enters (default 0, the input embeddings)", Integer(0)),
        new("mode", "Add the noken to the residual stream or replace it (default replace)", OneOf(["add", "replace"])),
    ]);

    public static SpecSection GroundTruth { get; } = new("What counts as a hit", [
        new("planted", "The organism's planted checks, or the spec's own detectors' target patterns and lexicons", OneOf(["organism", "detectors"])),
        new("reference_model", "A fixed reference model that scores degradation (never the model under test)", Text()),
        new("degraded_nll", "Reference NLL (nats per token) above which a reply counts as degraded", Number(above: 0)),
    ]);

    /// <summary>A sweep campaign: the spec of <c>noken sweep</c>, <c>run</c> and <c>submit</c> without <c>attack</c>.</summary>
    public static SpecSection Sweep { get; } = new("A noken sweep campaign", [
        SchemaLink, Name, Model, Output,
        new("prompts", "The prompt templates every noken runs through", ListOf(Prompt.ToSchema(), minItems: 1), Required: true),
        new("distances", "Filler tokens between the noken and the rest of the prompt, one variant each (default: none)",
            ListOf(Integer(0, CampaignSpecReader.MaxDistance))),
        new("strategies", "The noken sampling strategies and their counts", ListOf(Strategy.ToSchema(), minItems: 1), Required: true),
        new("decoding", Decoding.Description, Decoding.ToSchema()),
        new("detectors", "The behaviour detectors (default: the organism's suite)", ListOf(Detector.ToSchema(), minItems: 1)),
        new("shard_size", "Nokens per shard (default 128)", Integer(1)),
        new("control_token", "A real token id: the control that fills the slot (needed by residual injection)", Integer(0)),
        new("judge", Judge.Description, Judge.ToSchema()),
        new("search", Search.Description, Search.ToSchema()),
        new("injection", Injection.Description, Injection.ToSchema()),
        new("objective", "What search maximises (default planted)", OneOf(CampaignObjectives.Names)),
        new("ground_truth", GroundTruth.Description, GroundTruth.ToSchema()),
    ]);

    public static SpecSection AttackOptions { get; } = new("An optimising attack towards a planted behaviour", [
        new("target", "The planted behaviour to elicit", OneOf(AttackGoal.Names), Required: true),
        new("method", "Optimise embeddings, real tokens (GCG), or probe with a prefill", OneOf(AttackMethods.Names), Required: true),
        new("constraint", "Where embedding vectors may go: the real tokens' norm shell, or anywhere (default shell)", OneOf(AttackMethods.ConstraintNames)),
        new("nokens", "K: vectors (embedding) or real tokens (GCG) side by side in the slot (default 1)", Integer(0)),
        new("restarts", "Independent restarts per prompt; a unit is a prompt × restart (default 2)", Integer(0)),
        new("steps", "Optimiser steps per unit at most, ignored by prefill (default 200)", Integer(0)),
        new("seed", "The attack's seed (default 0)", Integer(0)),
        new("check_every", "Greedy-decode the current vectors every this many steps, and after the last (default 10)", Integer(0)),
        new("learning_rate", "Adam's step, relative to the typical token norm spread over the dimensions (default 0.1)", Number()),
        new("top_k", "GCG: candidate tokens per position, by gradient (default 32)", Integer(0)),
        new("candidates", "GCG: substitutions evaluated per step, in one batch (default 64)", Integer(0)),
        new("max_new_tokens", "Greedy reply length the ground-truth check reads (default 32)", Integer(0)),
        new("budget", "Forward-pass equivalents per unit at most; 0: only steps bound a unit (default 0)", Integer(0)),
    ]);

    /// <summary>An attack campaign: a spec with <c>attack</c>; its prompts and checks come from its target.</summary>
    public static SpecSection Attack { get; } = new("An attack campaign (its prompts and checks come from its target)", [
        SchemaLink, Name, Model, Output,
        new("shard_size", "Attack units (prompt × restart) per shard (default 1)", Integer(1)),
        new("attack", AttackOptions.Description, AttackOptions.ToSchema(), Required: true),
    ]);

    /// <summary>Exactly one slot, across lines: the pattern refuses a second one by lookahead.</summary>
    static string OneSlot()
    {
        var slot = Regex.Escape(PromptTemplate.Slot).Replace("}", "\\}");
        return $"^(?![\\s\\S]*{slot}[\\s\\S]*{slot})[\\s\\S]*{slot}";
    }

    /// <summary>"if this detector, then exactly its parameters", as <see cref="DetectorCatalog.ParametersSchema"/> reads them.</summary>
    static JsonNode DetectorParametersOf(string kind) => When("detector", kind, DetectorCatalog.ParametersSchema(kind));

    /// <summary>{ if: { key: value }, then: { parameters: schema } }: a section's parameters depend on its kind.</summary>
    static JsonNode When(string key, string value, JsonObject parameters) => new JsonObject
    {
        ["if"] = new JsonObject { ["properties"] = new JsonObject { [key] = new JsonObject { ["const"] = value } }, ["required"] = new JsonArray(key) },
        ["then"] = new JsonObject { ["properties"] = new JsonObject { ["parameters"] = parameters } },
    };

    /// <summary>"if this strategy, then exactly its parameters", from <see cref="NokenStrategyParameters"/>.</summary>
    static JsonNode ParametersOf(string strategy)
    {
        var properties = new JsonObject();
        foreach (var p in NokenStrategyParameters.Of(strategy)!)
        {
            var schema = p.IsInteger ? Integer((long)p.Minimum) : Number(minimum: p.Minimum);
            schema["description"] = p.Description;
            properties[p.Name] = schema;
        }
        return When("strategy", strategy, new JsonObject { ["properties"] = properties, ["additionalProperties"] = false });
    }
}
