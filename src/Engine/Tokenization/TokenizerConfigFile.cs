using System.Text.Encodings.Web;
using System.Text.Json;
using Orleans.Noken.Engine.Checkpoints;

namespace Orleans.Noken.Engine.Tokenization;

/// <summary>
/// The parts of <c>tokenizer_config.json</c> we use. Tokens are strings here (the file may spell them as a string
/// or as an AddedToken object with <c>content</c>); <see cref="HfTokenizer"/> resolves them to ids.
/// </summary>
public sealed record TokenizerConfigFile
{
    public const string FileName = "tokenizer_config.json";

    public string? BosToken { get; init; }
    public string? EosToken { get; init; }
    public bool? AddBosToken { get; init; }
    public string? ChatTemplate { get; init; }

    public static TokenizerConfigFile Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw CheckpointException.InFile(path, "is not a JSON object");
            return new TokenizerConfigFile
            {
                BosToken = Token(root, "bos_token", path),
                EosToken = Token(root, "eos_token", path),
                AddBosToken = root.TryGetProperty("add_bos_token", out var add) && add.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? add.GetBoolean()
                    : null,
                ChatTemplate = Template(root, path),
            };
        }
        catch (JsonException e)
        {
            throw CheckpointException.InFile(path, $"is not valid JSON ({e.Message})");
        }
    }

    // "bos_token": "<s>"  or  "bos_token": {"content": "<s>", "lstrip": false, ...}  or null.
    static string? Token(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
            _ => throw CheckpointException.InFile(path, $"'{key}' must be a string or an object with 'content'"),
        };
    }

    // A string, or (older multi-template configs) a list of {name, template} of which "default" is the chat one.
    static string? Template(JsonElement root, string path)
    {
        if (!root.TryGetProperty("chat_template", out var value)) return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.Object
                        && item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "default"
                        && item.TryGetProperty("template", out var template) && template.ValueKind == JsonValueKind.String)
                        return template.GetString();
                return null;
            default:
                throw CheckpointException.InFile(path, "'chat_template' must be a string or a list of {name, template}");
        }
    }

    /// <summary>Writes the fields that are set, in the shape <c>transformers</c> writes them.</summary>
    public void Write(string path)
    {
        using var file = File.Create(path);
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        if (AddBosToken is { } add) json.WriteBoolean("add_bos_token", add);
        if (BosToken is not null) json.WriteString("bos_token", BosToken);
        if (EosToken is not null) json.WriteString("eos_token", EosToken);
        if (ChatTemplate is not null) json.WriteString("chat_template", ChatTemplate);
        json.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
        json.WriteEndObject();
    }
}
