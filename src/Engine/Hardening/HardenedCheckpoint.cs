using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Models;
using TorchSharp;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>Writes a hardened model in the Hugging Face layout: weights and config from the model, every other file
/// of the source checkpoint (tokenizer, its config, generation config) copied, and the hardening card.</summary>
public static class HardenedCheckpoint
{
    /// <param name="storeDtype">fp32 by default: the hardened weights reload bit for bit (bf16 would round them).</param>
    public static void Save(CausalLanguageModel model, string sourceDirectory, string directory, HardeningCard card,
        torch.ScalarType storeDtype = torch.ScalarType.Float32)
    {
        if (Path.GetFullPath(sourceDirectory) == Path.GetFullPath(directory))
            throw new ArgumentException($"the hardened model must not overwrite its source ({sourceDirectory})", nameof(directory));
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.EnumerateFiles(sourceDirectory).Where(IsCarriedOver))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        CheckpointWriter.Save(model, directory, storeDtype);
        card.Write(directory);
    }

    /// <summary>Everything but the weights, the config (rewritten from the model) and the source's own card.</summary>
    static bool IsCarriedOver(string path)
    {
        var name = Path.GetFileName(path);
        return !name.EndsWith(".safetensors", StringComparison.Ordinal) && name != CheckpointWriter.IndexFile
            && name != "config.json" && name != HardeningCard.CardFile && name != HardeningCard.JsonFile;
    }
}
