using System.Text.Json;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// <c>model.safetensors.index.json</c>: which shard file holds each tensor of a sharded checkpoint
/// (<c>{"metadata": {...}, "weight_map": {tensor: shard file}}</c>).
/// </summary>
public sealed record SafeTensorsIndex(IReadOnlyDictionary<string, string> WeightMap, IReadOnlyDictionary<string, string> Metadata)
{
    public const string FileName = "model.safetensors.index.json";

    public static SafeTensorsIndex Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw CheckpointException.InFile(path, "has no 'weight_map' object");
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw CheckpointException.InFile(path, $"weight_map entry for '{entry.Name}' is not a file name");
                var shard = entry.Value.GetString()!;
                // A shard is a file next to the index; a path escaping the folder is not a checkpoint we should follow.
                if (shard.Length == 0 || shard != System.IO.Path.GetFileName(shard))
                    throw CheckpointException.InFile(path, $"weight_map entry for '{entry.Name}' names '{shard}', which is not a file in the checkpoint folder");
                weightMap[entry.Name] = shard;
            }
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
                foreach (var m in meta.EnumerateObject())
                    metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
            return new SafeTensorsIndex(weightMap, metadata);
        }
        catch (JsonException e)
        {
            throw CheckpointException.InFile(path, $"is not valid JSON ({e.Message})");
        }
    }

    public void Save(string path)
    {
        using var file = File.Create(path);
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        foreach (var (key, value) in Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            // total_size is a number in Hugging Face's indexes; keep it one so other tools read ours.
            if (long.TryParse(value, out var number)) json.WriteNumber(key, number);
            else json.WriteString(key, value);
        }
        json.WriteEndObject();
        json.WriteStartObject("weight_map");
        foreach (var (tensor, shard) in WeightMap.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString(tensor, shard);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
