using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Models;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// Saves a model in the Hugging Face layout (<c>config.json</c> + <c>model.safetensors</c>, or shards plus
/// <c>model.safetensors.index.json</c>), under the names <c>transformers</c> uses, so any tool reads it back.
/// </summary>
public static class CheckpointWriter
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <param name="maxShardBytes">Split the weights into shards of at most this many bytes (null: one file).</param>
    public static void Save(CausalLanguageModel model, string directory, ScalarType storeDtype, long? maxShardBytes = null)
    {
        Directory.CreateDirectory(directory);
        var config = ModelConfigJson.ToJson(model.Config, DtypeName(storeDtype));
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        using var scope = NewDisposeScope();
        var tensors = model.named_parameters()
            .ToDictionary(p => p.name, p => p.parameter.detach().to(storeDtype).cpu());
        if (maxShardBytes is null)
        {
            SafeTensors.Write(Path.Combine(directory, SingleFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
            return;
        }
        WriteShards(directory, tensors, maxShardBytes.Value);
    }

    static void WriteShards(string directory, Dictionary<string, Tensor> tensors, long maxShardBytes)
    {
        var shards = new List<Dictionary<string, Tensor>> { new() };
        long shardBytes = 0, totalBytes = 0;
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            long bytes = tensor.NumberOfElements * tensor.ElementSize;
            if (shardBytes > 0 && shardBytes + bytes > maxShardBytes)
            {
                shards.Add([]);
                shardBytes = 0;
            }
            shards[^1][name] = tensor;
            shardBytes += bytes;
            totalBytes += bytes;
        }

        var weightMap = new JsonObject();
        for (int i = 0; i < shards.Count; i++)
        {
            var file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            SafeTensors.Write(Path.Combine(directory, file), shards[i], new Dictionary<string, string> { ["format"] = "pt" });
            foreach (var name in shards[i].Keys) weightMap[name] = file;
        }
        var index = new JsonObject
        {
            ["metadata"] = new JsonObject { ["total_size"] = totalBytes },
            ["weight_map"] = weightMap,
        };
        File.WriteAllText(Path.Combine(directory, IndexFile), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "checkpoints are stored in float32, bfloat16 or float16"),
    };
}
