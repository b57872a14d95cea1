using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>Reads one of a checkpoint's JSON files, refusing a missing or malformed one with the file's name.</summary>
public static class CheckpointJson
{
    /// <param name="whenMissing">What to say when the file does not exist, e.g. "a Hugging Face checkpoint needs config.json".</param>
    public static JsonObject ReadObject(string path, string whenMissing)
    {
        if (!File.Exists(path)) throw CheckpointException.InFile(path, $"missing: {whenMissing}");
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw CheckpointException.InFile(path, "is not a JSON object");
        }
        catch (JsonException e)
        {
            throw CheckpointException.InFile(path, $"is not valid JSON ({e.Message})");
        }
    }
}
