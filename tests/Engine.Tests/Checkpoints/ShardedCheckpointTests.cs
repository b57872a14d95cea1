using Orleans.Noken.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Checkpoints;

public class ShardedCheckpointTests
{
    [Fact]
    public void ShardedCheckpointReadsEveryTensorFromItsShard()
    {
        using var dir = new TempDirectory();
        var tensors = Enumerable.Range(0, 5).ToDictionary(i => $"layers.{i}.weight",
            i => torch.full([4, 4], i, dtype: ScalarType.BFloat16));
        var shards = ShardedSafeTensors.Write(dir.Path, tensors, maxShardBytes: 2 * 4 * 4 * 2);

        Assert.Equal(3, shards.Count);
        Assert.Equal("model-00001-of-00003.safetensors", shards[0]);
        Assert.False(File.Exists(dir.File("model.safetensors")));
        using var weights = CheckpointWeights.Open(dir.Path);
        Assert.Equal(5, weights.Names.Count);
        for (int i = 0; i < 5; i++)
        {
            using var read = weights.Read($"layers.{i}.weight", [4, 4], ScalarType.Float32);
            Assert.All(read.data<float>().ToArray(), v => Assert.Equal(i, v));
        }
        var index = SafeTensorsIndex.Load(dir.File(SafeTensorsIndex.FileName));
        Assert.Equal("model-00003-of-00003.safetensors", index.WeightMap["layers.4.weight"]);
        Assert.Equal((5 * 4 * 4 * 2).ToString(), index.Metadata["total_size"]);
        foreach (var t in tensors.Values) t.Dispose();
    }
}
