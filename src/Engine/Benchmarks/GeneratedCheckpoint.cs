using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tokenization;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Benchmarks;

/// <summary>
/// Writes a randomly initialised checkpoint of a given architecture in the real Hugging Face layout (config,
/// safetensors, tokenizer.json, tokenizer_config.json), so that benchmarks and tests exercise the same loading path
/// as a downloaded model. Seeded: the same request writes the same bytes.
/// </summary>
public static class GeneratedCheckpoint
{
    public const string Bos = "<|bos|>", Eos = "<|eos|>", Pad = "<|pad|>", TurnStart = "<|im_start|>", TurnEnd = "<|im_end|>";

    /// <summary>ChatML, as Qwen2 and SmolLM declare it: generated checkpoints are chat models too.</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}" +
        "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    public sealed record Request(ModelConfig Config, ScalarType StoreDtype = ScalarType.Float32, long Seed = 1234,
        long? MaxShardBytes = null, int TokenizerSize = 512);

    public static void Write(string directory, Request request)
    {
        var tokenizerSize = Math.Min(request.TokenizerSize, request.Config.VocabSize);
        // Special tokens first so their ids (0, 1, 2) fit any vocabulary; the config is rewritten to match them.
        var config = request.Config with { BosTokenId = 0, EosTokenIds = [1] };
        using (var model = ModelFactory.Create(config, ScalarType.Float32, CPU))
        {
            ModelFactory.InitializeLikeHuggingFace(model, request.Seed);
            CheckpointWriter.Save(model, directory, request.StoreDtype, request.MaxShardBytes);
        }
        ByteLevelTokenizerJson.Write(Path.Combine(directory, "tokenizer.json"), tokenizerSize, [Bos, Eos, Pad, TurnStart, TurnEnd]);
        new TokenizerConfigFile { BosToken = Bos, EosToken = Eos, AddBosToken = true, ChatTemplate = ChatMlTemplate }
            .Write(Path.Combine(directory, TokenizerConfigFile.FileName));
    }

    /// <summary>The generated checkpoint of a named shape, written once into the user's cache folder.</summary>
    public static string Cached(string shape, ScalarType storeDtype)
    {
        var root = Environment.GetEnvironmentVariable("NOKEN_CACHE")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "orleans-noken");
        var directory = Path.Combine(root, "generated", $"{shape}-{CheckpointWriter.DtypeName(storeDtype)}");
        if (File.Exists(Path.Combine(directory, "tokenizer_config.json"))) return directory;
        var staging = directory + ".partial-" + Environment.ProcessId;
        Write(staging, new Request(ModelShapes.Get(shape), storeDtype));
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.Move(staging, directory); // readers never see a half-written folder
        return directory;
    }
}
