using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Noken.Engine.Behaviour;

/// <summary>
/// Reads one spec's parameters and remembers every problem instead of throwing at the first, so that a campaign
/// author sees all mistakes at once; parameters nobody asked for are reported as unknown (typos must not be ignored).
/// </summary>
public sealed class DetectorParameters(string label, IReadOnlyDictionary<string, JsonElement>? values, List<string> problems)
{
    readonly HashSet<string> _read = [];
    readonly Dictionary<string, JsonObject> _accepted = [];

    /// <summary>Every parameter read so far and the JSON Schema of what it accepts: reading a detector's parameters
    /// once with none given describes them (<see cref="DetectorCatalog.ParametersSchema"/>), so the spec schema lists
    /// exactly what the detector reads.</summary>
    internal IReadOnlyDictionary<string, JsonObject> Accepted => _accepted;

    /// <summary>The parameters whose absence is itself a problem.</summary>
    internal IReadOnlyList<string> Required => _required;
    readonly List<string> _required = [];

    public double Double(string name, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        Describe(name, "number", fallback, double.IsFinite(min) ? min : null, double.IsFinite(max) ? max : null);
        if (!TryGet(name, out var value)) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || !double.IsFinite(d))
            return Problem($"'{name}' must be a number, got {value.GetRawText()}", fallback);
        if (d < min || d > max) return Problem($"'{name}' must be in [{min}, {max}], got {d}", fallback);
        return d;
    }

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        Describe(name, "integer", fallback, min == int.MinValue ? null : min, max == int.MaxValue ? null : max);
        if (!TryGet(name, out var value)) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var i))
            return Problem($"'{name}' must be an integer, got {value.GetRawText()}", fallback);
        if (i < min || i > max) return Problem($"'{name}' must be in [{min}, {max}], got {i}", fallback);
        return i;
    }

    public bool Bool(string name, bool fallback)
    {
        _accepted[name] = new JsonObject { ["type"] = "boolean", ["default"] = fallback };
        if (!TryGet(name, out var value)) return fallback;
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            return Problem($"'{name}' must be true or false, got {value.GetRawText()}", fallback);
        return value.GetBoolean();
    }

    /// <summary>A non-empty list of non-empty strings (an empty list is always a mistake: the detector could never
    /// fire); <paramref name="required"/> makes an absent list a problem too.</summary>
    public IReadOnlyList<string> Strings(string name, IReadOnlyList<string> fallback, bool required = false)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 }, ["minItems"] = 1 };
        if (fallback.Count > 0) schema["default"] = new JsonArray(fallback.Select(f => (JsonNode)f).ToArray());
        _accepted[name] = schema;
        if (required) _required.Add(name);
        if (!TryGet(name, out var value))
            return required ? Problem($"'{name}' is required (a list of strings)", fallback) : fallback;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString())))
            return Problem($"'{name}' must be a list of non-empty strings, got {value.GetRawText()}", fallback);
        var list = value.EnumerateArray().Select(e => e.GetString()!).ToList();
        return list.Count == 0 ? Problem($"'{name}' must not be empty", fallback) : list;
    }

    /// <summary>Records a problem found by the detector's own validation (e.g. a regex that does not compile).</summary>
    public void Fail(string message) => problems.Add($"detector '{label}': {message}");

    /// <summary>Call after the detector has read what it knows: anything left is a typo or a wrong detector.</summary>
    public void RejectUnknown()
    {
        foreach (var name in (values?.Keys ?? []).Where(k => !_read.Contains(k)))
            Fail($"unknown parameter '{name}'{Validation.DidYouMean.Hint(name, _read.Order())} (known: {(_read.Count == 0 ? "none" : string.Join(", ", _read.Order()))})");
    }

    void Describe(string name, string type, double fallback, double? min, double? max)
    {
        var schema = new JsonObject { ["type"] = type, ["default"] = fallback };
        if (min is { } low) schema["minimum"] = low;
        if (max is { } high) schema["maximum"] = high;
        _accepted[name] = schema;
    }

    bool TryGet(string name, out JsonElement value)
    {
        _read.Add(name);
        value = default;
        return values is not null && values.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    T Problem<T>(string message, T fallback)
    {
        Fail(message);
        return fallback;
    }
}
