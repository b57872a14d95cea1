using System.CommandLine;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Models;
using static TorchSharp.torch;

namespace Orleans.Noken.Client.Commands;

/// <summary>Options every model command shares, and the one place that turns them into a loaded model.</summary>
internal static class CommonOptions
{
    /// <summary>A model folder, defaulting to the embedded aligned organism ("organism"; "organism/base" for its base).</summary>
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "A Hugging Face model folder (config.json, *.safetensors, tokenizer.json); default: the embedded organism",
        DefaultValueFactory = _ => "organism",
    };

    /// <summary>A model folder that is only used when given.</summary>
    public static Option<string?> OptionalModel(string description) => new("--model", "-m") { Description = description };

    public static Option<string> Dtype() => new("--dtype")
    {
        Description = "Compute dtype: fp32, bf16 or fp16",
        DefaultValueFactory = _ => "fp32",
    };

    public static ScalarType ParseDtype(string name) => name.ToLowerInvariant() switch
    {
        "fp32" or "float32" => ScalarType.Float32,
        "bf16" or "bfloat16" => ScalarType.BFloat16,
        "fp16" or "float16" => ScalarType.Float16,
        _ => throw new ArgumentException($"unknown dtype '{name}' (use fp32, bf16 or fp16)"),
    };

    public static LoadedModel Load(string model, string dtype) =>
        ModelLoader.Load(Engine.Campaigns.EmbeddedModels.Resolve(model, Environment.CurrentDirectory), new ModelLoadOptions(ParseDtype(dtype)));

    /// <summary>Runs a command body, turning the errors a user can fix into one line on stderr and exit code 2.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is CheckpointException or Engine.Campaigns.CampaignSpecException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or FormatException or InvalidDataException or InvalidOperationException
            or Cluster.NokenApiException)
        {
            // ArgumentException appends " (Parameter 'x')", which names our code, not the user's input.
            var message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "") : e.Message;
            Console.Error.WriteLine($"error: {message}");
            return 2;
        }
    }
}
