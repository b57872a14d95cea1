using Orleans.Noken.Engine.Tests.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Models;

/// <summary>Checkpoints written in the Hugging Face layout — single file or sharded, fp32 or bf16, tied or untied —
/// load back through the public path into the model that was saved.</summary>
public sealed class CheckpointRoundTripTests
{
    static readonly long[] Sequence = [3, 17, 42, 5, 9];

    public static IEnumerable<object[]> Layouts() =>
        from family in new[] { "gpt2", "gpt2-untied", "llama", "llama-tied" }
        from sharded in new[] { false, true }
        from dtype in new[] { "fp32", "bf16" }
        select new object[] { family, sharded, dtype };

    [Theory, MemberData(nameof(Layouts))]
    public void ASavedCheckpointLoadsBackIntoTheSameModel(string family, bool sharded, string dtype)
    {
        using var dir = new TempDirectory();
        var stored = dtype == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;
        using var original = TinyModels.Create(TinyModels.Named(family));
        using var loaded = TinyModels.RoundTrip(original, dir.Path, stored, maxShardBytes: sharded ? 8 * 1024 : null);
        if (sharded)
        {
            Assert.True(File.Exists(dir.File("model.safetensors.index.json")));
            Assert.True(Directory.GetFiles(dir.Path, "model-*-of-*.safetensors").Length > 1);
        }

        // What the saved model computes with its weights rounded to the stored dtype: the loaded one must match it exactly.
        using (no_grad())
            foreach (var (_, parameter) in original.named_parameters())
                parameter.copy_(parameter.to(stored).to(ScalarType.Float32));
        using var scope = NewDisposeScope();
        var ids = TinyModels.Ids(Sequence);
        Assert.Equal(0.0, TinyModels.MaxAbsDifference(original.Forward(original.Embed(ids)), loaded.Forward(loaded.Embed(ids))));
        Assert.Equal(original.Config.TieWordEmbeddings, loaded.Config.TieWordEmbeddings);
    }
}
