using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Behaviour.Detectors;

namespace Orleans.Noken.Engine.Behaviour;

/// <summary>The detector kinds a suite can name, and how each is built from its parameters.</summary>
public static class DetectorCatalog
{
    public const string Repetition = "repetition", Gibberish = "gibberish", Silence = "silence", Evasion = "evasion",
        EchoFailure = "echo_failure", Derailment = "derailment", Lexicon = "lexicon", TargetPattern = "target_pattern";

    public static IReadOnlyList<string> Names { get; } =
        [Repetition, Gibberish, Silence, Evasion, EchoFailure, Derailment, Lexicon, TargetPattern];

    /// <summary>The JSON Schema of <paramref name="kind"/>'s parameters, found by reading them once with none given:
    /// what the detector reads is what the schema lists, so the two cannot drift.</summary>
    public static JsonObject ParametersSchema(string kind)
    {
        var parameters = new DetectorParameters(kind, null, []);
        Create(kind, kind, parameters, DetectorServices.None);
        var properties = new JsonObject();
        foreach (var (name, schema) in parameters.Accepted.OrderBy(p => p.Key, StringComparer.Ordinal)) properties[name] = schema.DeepClone();
        var result = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (parameters.Required.Count > 0) result["required"] = new JsonArray(parameters.Required.Select(r => (JsonNode)r).ToArray());
        result["additionalProperties"] = false;
        return result;
    }

    /// <summary>A detector, or null with a reason when it cannot run with these services (gibberish without a model).</summary>
    internal static (IBehaviourDetector? Detector, string? Skipped) Create(string kind, string label, DetectorParameters p, DetectorServices services)
    {
        IBehaviourDetector? detector = kind switch
        {
            Repetition => RepetitionDetector.Create(label, p),
            Silence => SilenceDetector.Create(label, p),
            Evasion => EvasionDetector.Create(label, p),
            EchoFailure => EchoFailureDetector.Create(label, p, services.AnyTokenizer),
            Derailment => DerailmentDetector.Create(label, p),
            Lexicon => LexiconDetector.Create(label, p),
            TargetPattern => TargetPatternDetector.Create(label, p),
            Gibberish when services.Model is { } model => GibberishDetector.Create(label, p, model),
            Gibberish => null,
            _ => throw new InvalidOperationException($"unhandled detector kind {kind}"),
        };
        if (detector is null)
        {
            // Still read the parameters, so a typo is reported even on a machine without the model.
            GibberishDetector.ReadParameters(p);
            return (null, "needs a model (none given)");
        }
        return (detector, null);
    }
}
