namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// Opens a checkpoint folder's weights: <c>model.safetensors</c>, or the shards listed in
/// <c>model.safetensors.index.json</c>. Every header is read and checked up front (a truncated shard is refused
/// here, not halfway through building a model); tensor data is read when a model asks for it.
/// </summary>
public static class CheckpointWeights
{
    public const string SingleFileName = "model.safetensors";

    public static IWeightSource Open(string directory)
    {
        if (!Directory.Exists(directory))
            throw CheckpointException.InFile(directory, "is not a directory");
        var single = Path.Combine(directory, SingleFileName);
        var index = Path.Combine(directory, SafeTensorsIndex.FileName);
        if (File.Exists(index)) return OpenSharded(index, directory);
        if (File.Exists(single)) return OpenSingle(single);

        var pickle = Path.Combine(directory, "pytorch_model.bin");
        var hint = File.Exists(pickle) || File.Exists(Path.Combine(directory, "pytorch_model.bin.index.json"))
            ? " It has pytorch_model.bin, but only safetensors is supported (convert it, or download the safetensors revision)."
            : "";
        throw CheckpointException.InFile(single, $"missing: looked for {SingleFileName} or {SafeTensorsIndex.FileName} in {directory}.{hint}");
    }

    static IWeightSource OpenSingle(string path)
    {
        var file = SafeTensorsFile.Open(path);
        return new SafeTensorsWeightSource(path, [file], file.Entries.Keys.ToDictionary(name => name, _ => file, StringComparer.Ordinal));
    }

    static IWeightSource OpenSharded(string indexPath, string directory)
    {
        var index = SafeTensorsIndex.Load(indexPath);
        var files = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        try
        {
            var owners = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
            foreach (var (tensor, shard) in index.WeightMap)
            {
                if (!files.TryGetValue(shard, out var file))
                {
                    var shardPath = Path.Combine(directory, shard);
                    if (!File.Exists(shardPath))
                        throw CheckpointException.InFile(indexPath, $"names shard '{shard}' (for tensor '{tensor}'), which is missing from {directory}");
                    file = SafeTensorsFile.Open(shardPath);
                    files[shard] = file;
                }
                if (!file.Entries.ContainsKey(tensor))
                    throw CheckpointException.InTensor(file.Path, tensor, $"is missing, although {SafeTensorsIndex.FileName} places it in this shard");
                owners[tensor] = file;
            }
            return new SafeTensorsWeightSource(indexPath, files.Values.ToList(), owners);
        }
        catch
        {
            foreach (var file in files.Values) file.Dispose();
            throw;
        }
    }
}
