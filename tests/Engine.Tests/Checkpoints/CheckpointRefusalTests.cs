using System.Text;
using Orleans.Noken.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Checkpoints;

public class CheckpointRefusalTests
{
    static void WriteOne(string path, string name = "w", long rows = 4)
    {
        using var t = torch.ones([rows, 3]);
        SafeTensors.Write(path, new Dictionary<string, Tensor> { [name] = t });
    }

    // A safetensors file assembled by hand, to express headers our writer would never produce.
    static void WriteRaw(string path, string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)json.Length));
        file.Write(json);
        file.Write(new byte[dataBytes]);
    }

    [Fact]
    public void FolderWithoutWeightsIsRefusedSayingWhatWasLookedFor()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("model.safetensors.index.json", e.Message);
        Assert.DoesNotContain("pytorch_model.bin", e.Message);
    }

    [Fact]
    public void PickleOnlyCheckpointIsRefusedExplainingOnlySafetensorsIsSupported()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("pytorch_model.bin"), [1, 2, 3]);
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains("pytorch_model.bin", e.Message);
        Assert.Contains("only safetensors", e.Message);
    }

    [Fact]
    public void HeaderLengthLargerThanTheFileIsRefusedNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes(1_000_000UL), .. "{}"u8]);
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("larger than the file", e.Message);
    }

    [Fact]
    public void InvalidJsonHeaderIsRefusedNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        WriteRaw(path, "{\"w\": {\"dtype\": \"F32\", ", 0);
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("invalid JSON", e.Message);
    }

    [Fact]
    public void TruncatedFileIsRefusedNamingTheTensor()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        using (var a = torch.ones(8))
        using (var b = torch.ones(8))
            SafeTensors.Write(path, new Dictionary<string, Tensor> { ["first"] = a, ["second"] = b });
        using (var file = new FileStream(path, FileMode.Open)) file.SetLength(file.Length - 5);
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'second'", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedShardIsRefusedNamingTheShardAndTheTensor()
    {
        using var dir = new TempDirectory();
        var tensors = new Dictionary<string, Tensor> { ["a"] = torch.ones(16), ["b"] = torch.ones(16) };
        var shards = ShardedSafeTensors.Write(dir.Path, tensors, maxShardBytes: 64);
        var shard = dir.File(shards[1]);
        using (var file = new FileStream(shard, FileMode.Open)) file.SetLength(file.Length - 1);
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains(shard, e.Message);
        Assert.Contains("'b'", e.Message);
        foreach (var t in tensors.Values) t.Dispose();
    }

    [Fact]
    public void ByteSizeDisagreeingWithDtypeAndShapeIsRefusedNamingTheTensor()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        WriteRaw(path, "{\"w.weight\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", 24);
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'w.weight'", e.Message);
        Assert.Contains("needs 12", e.Message);
    }

    [Fact]
    public void UnsupportedDtypeIsRefusedNamingTheTensor()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        WriteRaw(path, "{\"q.weight\":{\"dtype\":\"Q4_K\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2);
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'q.weight'", e.Message);
        Assert.Contains("Q4_K", e.Message);
    }

    [Fact]
    public void IndexNamingAMissingShardIsRefusedNamingIndexAndShard()
    {
        using var dir = new TempDirectory();
        WriteOne(dir.File("model-00001-of-00002.safetensors"), "a");
        File.WriteAllText(dir.File(SafeTensorsIndex.FileName), """
            {"metadata": {"total_size": 96}, "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
            """);
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains(dir.File(SafeTensorsIndex.FileName), e.Message);
        Assert.Contains("model-00002-of-00002.safetensors", e.Message);
        Assert.Contains("'b'", e.Message);
    }

    [Fact]
    public void InvalidIndexJsonIsRefusedNamingTheIndex()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(SafeTensorsIndex.FileName), "{\"weight_map\": ");
        var e = Assert.Throws<CheckpointException>(() => CheckpointWeights.Open(dir.Path));
        Assert.Contains(dir.File(SafeTensorsIndex.FileName), e.Message);
    }

    [Fact]
    public void ReadingAnAbsentTensorIsRefusedNamingFileAndTensor()
    {
        using var dir = new TempDirectory();
        WriteOne(dir.File("model.safetensors"));
        using var weights = CheckpointWeights.Open(dir.Path);
        Assert.False(weights.Contains("lm_head.weight"));
        var e = Assert.Throws<CheckpointException>(() => weights.Read("lm_head.weight", [4, 3], ScalarType.Float32));
        Assert.Contains(dir.File("model.safetensors"), e.Message);
        Assert.Contains("tensor 'lm_head.weight' is missing", e.Message);
    }

    [Fact]
    public void ShapeMismatchIsRefusedStatingBothShapes()
    {
        using var dir = new TempDirectory();
        WriteOne(dir.File("model.safetensors"), "wte.weight", rows: 4);
        using var weights = CheckpointWeights.Open(dir.Path);
        var e = Assert.Throws<CheckpointException>(() => weights.Read("wte.weight", [5, 3], ScalarType.Float32));
        Assert.Contains(dir.File("model.safetensors"), e.Message);
        Assert.Contains("'wte.weight'", e.Message);
        Assert.Contains("has shape [4, 3] but the config implies [5, 3]", e.Message);
    }

    [Fact]
    public void DisposeReleasesTheFileSoItCanBeReplaced()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        WriteOne(path);
        var weights = CheckpointWeights.Open(dir.Path);
        weights.Dispose();
        Assert.ThrowsAny<ObjectDisposedException>(() => weights.Read("w", [4, 3], ScalarType.Float32));
        WriteOne(path, rows: 2); // rewriting in place works on every OS only once the handle is closed
        using var reopened = CheckpointWeights.Open(dir.Path);
        using var t = reopened.Read("w", [2, 3], ScalarType.Float32);
        Assert.Equal(new long[] { 2, 3 }, t.shape);
    }
}
