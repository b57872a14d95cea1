using Orleans.Noken.Engine.Benchmarks;
using Orleans.Noken.Engine.Checkpoints;

namespace Orleans.Noken.Client.Tests;

/// <summary>A small generated Llama checkpoint (with tokenizer and chat template) in a temp folder.</summary>
public sealed class CheckpointFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("noken-cli-test-").FullName;

    public CheckpointFolder()
    {
        // 2,048 positions: this model also stands in for the LLM judge, whose prompts (with a 400-token vocabulary) run
        // past the organism's 512, and serve refuses a conversation longer than the model's context.
        var config = ModelShapes.Get("organism") with { VocabSize = 400, HiddenSize = 64, NumLayers = 2, IntermediateSize = 96, HeadDim = 16, MaxPositions = 2048 };
        GeneratedCheckpoint.Write(Path, new GeneratedCheckpoint.Request(config, TokenizerSize: 400));
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
