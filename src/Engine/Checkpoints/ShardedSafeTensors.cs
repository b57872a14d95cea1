using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// Writes a checkpoint's tensors in Hugging Face's sharded layout (<c>model-00001-of-0000N.safetensors</c> +
/// <c>model.safetensors.index.json</c>), so tests and the bench exercise the same path as a real 7B download.
/// </summary>
public static class ShardedSafeTensors
{
    /// <summary>
    /// Fills shards in sorted name order, starting a new shard when the next tensor would push the current one past
    /// <paramref name="maxShardBytes"/> (a tensor larger than that gets a shard of its own). Returns the shard file names.
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyDictionary<string, Tensor> tensors, long maxShardBytes,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShardBytes, 1);
        var groups = new List<List<string>> { new() };
        long current = 0, total = 0;
        foreach (var name in tensors.Keys.Order(StringComparer.Ordinal))
        {
            long bytes = tensors[name].numel() * tensors[name].ElementSize;
            if (groups[^1].Count > 0 && current + bytes > maxShardBytes)
            {
                groups.Add([]);
                current = 0;
            }
            groups[^1].Add(name);
            current += bytes;
            total += bytes;
        }

        Directory.CreateDirectory(directory);
        var shardNames = new List<string>();
        var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < groups.Count; i++)
        {
            var shard = $"model-{i + 1:D5}-of-{groups.Count:D5}.safetensors";
            shardNames.Add(shard);
            SafeTensors.Write(Path.Combine(directory, shard), groups[i].ToDictionary(n => n, n => tensors[n]), metadata);
            foreach (var name in groups[i]) weightMap[name] = shard;
        }
        var indexMetadata = new Dictionary<string, string> { ["total_size"] = total.ToString() };
        new SafeTensorsIndex(weightMap, indexMetadata).Save(Path.Combine(directory, SafeTensorsIndex.FileName));
        return shardNames;
    }
}
