using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Tokenization;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

/// <summary>How to run a checkpoint: the compute dtype (fp32 unless asked) and the device.</summary>
/// <param name="MaxModelBytes">A model whose config implies more is refused before anything is allocated (default:
/// <see cref="ModelMemoryBudget.DefaultBytes"/>, the memory this process may use).</param>
public sealed record ModelLoadOptions(ScalarType ComputeDtype = ScalarType.Float32, string Device = "cpu", long? MaxModelBytes = null);

/// <summary>A model replica with its tokenizer, loaded from a Hugging Face folder.</summary>
public sealed class LoadedModel(string directory, ICausalLanguageModel model, ITextTokenizer tokenizer, ScalarType storedDtype) : IDisposable
{
    public string Directory { get; } = directory;
    /// <summary>The dtype the checkpoint's weights are stored in (the compute dtype may differ).</summary>
    public ScalarType StoredDtype { get; } = storedDtype;
    public ICausalLanguageModel Model { get; } = model;
    public ITextTokenizer Tokenizer { get; } = tokenizer;
    public ModelConfig Config => Model.Config;

    string? _contentHash;

    /// <summary>The checkpoint's <see cref="CheckpointHash"/>, computed on first use and kept for this load: result
    /// files record it instead of the folder's path on this machine. (Two threads racing here both hash and agree.)</summary>
    public string ContentHash => _contentHash ??= CheckpointHash.Of(Directory);

    /// <summary>Embedding rows that are real tokens: the tokenizer's ids (the model may pad its matrix beyond them).</summary>
    public int RealTokens => Math.Min(Tokenizer.Size, Config.VocabSize);

    /// <summary>End-of-sequence ids: the tokenizer's and the config's, merged.</summary>
    public IReadOnlyList<int> EosTokenIds => Tokenizer.EosTokenIds.Concat(Config.EosTokenIds).Distinct().ToList();

    public void Dispose()
    {
        Model.Dispose();
        Tokenizer.Dispose();
    }
}

public static class ModelLoader
{
    public static LoadedModel Load(string directory, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        NativeMemory.Tune();
        if (!System.IO.Directory.Exists(directory))
            throw new CheckpointException($"{directory}: model folder does not exist");
        if (options.ComputeDtype is not (ScalarType.Float32 or ScalarType.BFloat16 or ScalarType.Float16))
            throw new ArgumentException($"compute dtype must be float32, bfloat16 or float16, not {options.ComputeDtype}", nameof(options));

        var config = ModelConfig.Load(Path.Combine(directory, "config.json"));
        ModelMemoryBudget.Check(config, options.ComputeDtype, options.MaxModelBytes ?? ModelMemoryBudget.DefaultBytes, Path.Combine(directory, "config.json"));
        var tokenizer = HfTokenizer.Load(directory, config.VocabSize);
        try
        {
            using var weights = CheckpointWeights.Open(directory);
            var model = ModelFactory.Create(config, options.ComputeDtype, new Device(options.Device));
            try
            {
                model.LoadWeights(weights);
            }
            catch
            {
                model.Dispose();
                throw;
            }
            return new LoadedModel(directory, model, tokenizer, weights.StoredDtype);
        }
        catch
        {
            tokenizer.Dispose();
            throw;
        }
    }
}
