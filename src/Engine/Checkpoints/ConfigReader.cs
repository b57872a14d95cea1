using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>Typed access to a JSON config section, with errors that name the file and the key.</summary>
internal sealed class ConfigReader(JsonObject json, string source)
{
    public string Source => source;

    public ConfigReader? Object(string key) =>
        json[key] is JsonObject section ? new ConfigReader(section, $"{source} ({key})") : null;

    public string? String(string key) => json[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Wrong(key, "a string"),
    };

    public int? Int(string key) => json[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d == Math.Floor(d) => (int)d,
        _ => throw Wrong(key, "an integer"),
    };

    public int RequiredInt(string key) => Int(key) ?? throw CheckpointException.InFile(source, $"has no '{key}'");

    public double? Double(string key) => json[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        _ => throw Wrong(key, "a number"),
    };

    public bool? Bool(string key) => json[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Wrong(key, "true or false"),
    };

    /// <summary>An integer or a list of integers (e.g. <c>eos_token_id</c>).</summary>
    public IReadOnlyList<int> IntList(string key) => json[key] switch
    {
        null => [],
        JsonArray a => a.Select(n => n is JsonValue v && v.TryGetValue<int>(out var id) ? id : throw Wrong(key, "a list of integers")).ToList(),
        _ => [Int(key)!.Value],
    };

    CheckpointException Wrong(string key, string expected) =>
        CheckpointException.InFile(source, $"'{key}' must be {expected} (got {json[key]?.ToJsonString()})");
}
