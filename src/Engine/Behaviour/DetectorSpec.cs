using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Behaviour;

/// <summary>
/// One detector of a suite: which kind (<see cref="Detector"/>, one of <see cref="DetectorCatalog.Names"/>), the
/// class it reports (<see cref="Label"/>, defaulting to the kind; two lexicons need two labels), its weight in the
/// unwanted score, the score from which it counts as firing, and its kind-specific parameters as JSON values so that
/// a campaign spec (JSON or YAML) carries them verbatim.
/// </summary>
public sealed record DetectorSpec(
    string Detector,
    string? Label = null,
    double Weight = 1.0,
    double Threshold = 0.5,
    IReadOnlyDictionary<string, JsonElement>? Parameters = null)
{
    [JsonIgnore] public string EffectiveLabel => string.IsNullOrWhiteSpace(Label) ? Detector : Label;

    /// <summary>Builds a spec from CLR values (strings, numbers, arrays), for code that configures suites.</summary>
    public static DetectorSpec Of(string detector, string? label = null, double weight = 1.0, double threshold = 0.5,
        params (string Name, object Value)[] parameters) =>
        new(detector, label, weight, threshold,
            parameters.Length == 0 ? null : parameters.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value)));
}
