using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Benchmarks;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Models;

/// <summary>Folders that are not runnable checkpoints, refused through the public loading path with a message
/// that names the file (and the tensor) at fault.</summary>
public sealed class ModelLoaderRefusalTests
{
    static string Write(TempDirectory dir, Func<ModelConfig, ModelConfig>? edit = null)
    {
        var config = TinyModels.Llama() with { VocabSize = 300 };
        GeneratedCheckpoint.Write(dir.Path, new GeneratedCheckpoint.Request(edit?.Invoke(config) ?? config));
        return dir.Path;
    }

    static void EditConfig(string directory, Action<JsonObject> edit)
    {
        var path = Path.Combine(directory, "config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    [Fact]
    public void ALoadableFolderLoads()
    {
        using var dir = new TempDirectory();
        using var loaded = ModelLoader.Load(Write(dir));
        Assert.Equal(300, loaded.Config.VocabSize);
        Assert.Equal([300, 32], loaded.Model.EmbeddingMatrix.shape);
    }

    [Fact]
    public void MissingFolderIsRefusedNamingIt()
    {
        var error = Assert.Throws<CheckpointException>(() => ModelLoader.Load("/nonexistent/model"));
        Assert.Contains("/nonexistent/model", error.Message);
    }

    [Fact]
    public void MissingConfigIsRefusedNamingConfigJson()
    {
        using var dir = new TempDirectory();
        File.Delete(Path.Combine(Write(dir), "config.json"));
        var error = Assert.Throws<CheckpointException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("config.json", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void UnknownModelTypeIsRefusedListingTheSupportedOnes()
    {
        using var dir = new TempDirectory();
        EditConfig(Write(dir), c => c["model_type"] = "mamba");
        var error = Assert.Throws<CheckpointException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("config.json", error.Message);
        Assert.Contains("'mamba'", error.Message);
        Assert.Contains("llama", error.Message);
    }

    [Fact]
    public void AShapeThatDisagreesWithTheConfigIsRefusedNamingTheTensor()
    {
        using var dir = new TempDirectory();
        EditConfig(Write(dir), c => c["intermediate_size"] = 48);
        var error = Assert.Throws<CheckpointException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("model.safetensors", error.Message);
        // The first MLP matrix in parameter order: [intermediate, hidden] stored, [48, 32] implied.
        Assert.Contains("tensor 'model.layers.0.mlp.gate_proj.weight' has shape [64, 32]", error.Message);
        Assert.Contains("[48, 32]", error.Message);
    }

    [Fact]
    public void AnUntiedConfigOverATiedCheckpointIsRefusedNamingTheMissingHead()
    {
        using var dir = new TempDirectory();
        EditConfig(Write(dir, c => c with { TieWordEmbeddings = true }), c => c["tie_word_embeddings"] = false);
        var error = Assert.Throws<CheckpointException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("lm_head.weight", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void ATruncatedWeightsFileIsRefusedNamingATensor()
    {
        using var dir = new TempDirectory();
        var weights = Path.Combine(Write(dir), "model.safetensors");
        using (var file = File.Open(weights, FileMode.Open)) file.SetLength(file.Length - 100);
        var error = Assert.Throws<CheckpointException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("model.safetensors", error.Message);
        Assert.Contains("tensor '", error.Message);
    }

    [Fact]
    public void ATokenizerLargerThanTheVocabularyIsRefused()
    {
        using var dir = new TempDirectory();
        EditConfig(Write(dir), c => c["vocab_size"] = 200);
        var error = Assert.Throws<CheckpointException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("tokenizer.json", error.Message);
        Assert.Contains("200", error.Message);
    }

    [Fact]
    public void KeyValueHeadsThatDoNotDivideTheHeadsAreRefused()
    {
        using var dir = new TempDirectory();
        EditConfig(Write(dir), c => c["num_key_value_heads"] = 3);
        var error = Assert.Throws<CheckpointException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("num_key_value_heads (3)", error.Message);
    }

    [Fact]
    public void AGpt2SequenceLongerThanItsPositionsIsRefusedInsteadOfCrashing()
    {
        using var dir = new TempDirectory();
        GeneratedCheckpoint.Write(dir.Path, new GeneratedCheckpoint.Request(TinyModels.Gpt2() with { VocabSize = 300, MaxPositions = 8 }));
        using var loaded = ModelLoader.Load(dir.Path);
        using var ids = TinyModels.Ids(Enumerable.Range(1, 9).Select(i => (long)i).ToArray());
        using var embedded = loaded.Model.Embed(ids);
        var error = Assert.Throws<ArgumentException>(() => loaded.Model.Forward(embedded));
        Assert.Contains("n_positions", error.Message);
    }

    [Fact]
    public void EmbeddingsOfTheWrongWidthAreRefusedStatingBothShapes()
    {
        using var dir = new TempDirectory();
        using var loaded = ModelLoader.Load(Write(dir));
        using var wrong = TorchSharp.torch.zeros(1, 4, 31);
        var error = Assert.Throws<ArgumentException>(() => loaded.Model.Forward(wrong));
        Assert.Contains("[B, T, 32]", error.Message);
        Assert.Contains("[1, 4, 31]", error.Message);
    }
}
