using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>The tensors of one or more open safetensors files, by name; owns (and disposes) the files.</summary>
internal sealed class SafeTensorsWeightSource : IWeightSource
{
    readonly IReadOnlyList<SafeTensorsFile> files;
    readonly IReadOnlyDictionary<string, SafeTensorsFile> owners;
    readonly string source; // model.safetensors or the index: the file a missing tensor is reported against

    public SafeTensorsWeightSource(string source, IReadOnlyList<SafeTensorsFile> files, IReadOnlyDictionary<string, SafeTensorsFile> owners)
    {
        this.source = source;
        this.files = files;
        this.owners = owners;
        StoredDtype = MostCommonFloatingDtype(owners.Select(kv => kv.Value.Entries[kv.Key]));
    }

    public IReadOnlyCollection<string> Names => (IReadOnlyCollection<string>)owners.Keys;

    public ScalarType StoredDtype { get; }

    public bool Contains(string name) => owners.ContainsKey(name);

    public Tensor Read(string name, long[] expectedShape, ScalarType dtype)
    {
        if (!owners.TryGetValue(name, out var file))
            throw CheckpointException.InTensor(source, name,
                "is missing from the checkpoint");
        var entry = file.Entries[name];
        if (!entry.Shape.SequenceEqual(expectedShape))
            throw CheckpointException.InTensor(file.Path, name,
                $"has shape [{string.Join(", ", entry.Shape)}] but the config implies [{string.Join(", ", expectedShape)}]");
        var stored = file.Read(name);
        if (stored.dtype == dtype) return stored;
        using (stored) return stored.to_type(dtype);
    }

    // By tensor count, ties to the dtype holding more elements: a bf16 model with a few fp32 norms is a bf16 model.
    static ScalarType MostCommonFloatingDtype(IEnumerable<SafeTensorsEntry> entries) =>
        entries.Where(e => SafeTensorsDtype.IsFloating(e.Dtype))
            .GroupBy(e => e.Dtype)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Sum(e => e.ElementCount)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => SafeTensorsDtype.ToTorch(g.Key)!.Value)
            .DefaultIfEmpty(ScalarType.Float32)
            .First();

    public void Dispose()
    {
        foreach (var file in files) file.Dispose();
    }
}
