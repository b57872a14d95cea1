using System.Text;
using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Tests.Checkpoints;

/// <summary>
/// Checkpoints crafted so that unchecked arithmetic lets them through: offsets near 2⁶³ that wrap when added to the
/// data start, a shape whose element count wraps into a byte length that matches, and a config whose model would not
/// fit in memory. Each is a <see cref="CheckpointException"/> when the file or config is opened, before any tensor.
/// </summary>
public sealed class HostileCheckpointTests
{
    static string WriteRaw(TempDirectory dir, string header, int dataBytes)
    {
        var path = dir.File("model.safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)json.Length));
        file.Write(json);
        file.Write(new byte[dataBytes]);
        return path;
    }

    [Fact]
    public void OffsetsNear2To63AreRefusedAtOpenNotWrappedIntoANegativePosition()
    {
        using var dir = new TempDirectory();
        // begin + the data start wraps negative, so "ends past the file" and the 8-byte length both used to pass,
        // and the read failed later with "Non-negative number required".
        long begin = long.MaxValue - 10;
        var path = WriteRaw(dir, $"{{\"w\":{{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[{begin},{begin + 8}]}}}}", 8);
        var e = Assert.Throws<CheckpointException>(() => SafeTensorsFile.Open(path));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void AShapeWhoseElementCountWrapsIsRefused()
    {
        using var dir = new TempDirectory();
        // (2⁶² + 1) × 245760 wraps to 245760 elements: 983,040 F32 bytes, exactly what the offsets give.
        long rows = (1L << 62) + 1;
        var path = WriteRaw(dir, $"{{\"w\":{{\"dtype\":\"F32\",\"shape\":[{rows},245760],\"data_offsets\":[0,983040]}}}}", 983_040);
        var e = Assert.Throws<CheckpointException>(() => SafeTensorsFile.Open(path));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("more elements than a 64-bit count holds", e.Message);
    }

    static string Config(TempDirectory dir, Action<JsonObject> change)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned", "config.json")))!.AsObject();
        change(config);
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());
        return dir.Path;
    }

    [Fact]
    public void AConfigPastTheMemoryBudgetIsRefusedBeforeAnythingIsAllocated()
    {
        using var dir = new TempDirectory();
        // No weights or tokenizer in the folder: the refusal must come from the config alone, before they are looked for.
        var folder = Config(dir, c => { c["vocab_size"] = 1_000_000_000; c["hidden_size"] = 1_000_000; });
        var e = Assert.Throws<CheckpointException>(() => ModelLoader.Load(folder));
        Assert.Contains("config.json", e.Message);
        Assert.Contains("vocab_size 1,000,000,000", e.Message);
        Assert.Contains("the memory budget is", e.Message);

        // Sizes whose product overflows a long are refused too, not wrapped into a small model.
        var huge = Config(dir, c =>
        {
            c["vocab_size"] = int.MaxValue; c["hidden_size"] = int.MaxValue; c["intermediate_size"] = int.MaxValue; c["num_hidden_layers"] = int.MaxValue;
        });
        Assert.Contains("more than 2⁶³ parameters", Assert.Throws<CheckpointException>(() => ModelLoader.Load(huge)).Message);
        Assert.Throws<OverflowException>(() => ModelConfig.Load(Path.Combine(huge, "config.json")).ParameterCount());
    }

    [Fact]
    public void TheBudgetIsConfigurableAndTheOrganismFitsTheDefault()
    {
        var organism = Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned");
        var config = ModelConfig.Load(Path.Combine(organism, "config.json"));
        var bytes = ModelMemoryBudget.Bytes(config, TorchSharp.torch.ScalarType.Float32);
        Assert.Equal(config.ParameterCount() * 4 + 2 * 512 * 32 * 4, bytes);
        Assert.True(bytes < ModelMemoryBudget.DefaultBytes);
        var e = Assert.Throws<CheckpointException>(() => ModelLoader.Load(organism, new ModelLoadOptions(MaxModelBytes: (long)bytes - 1)));
        Assert.Contains("the memory budget is", e.Message);
        using var loaded = ModelLoader.Load(organism, new ModelLoadOptions(MaxModelBytes: (long)bytes));
        Assert.Equal(512, loaded.Config.MaxPositions);
    }
}
