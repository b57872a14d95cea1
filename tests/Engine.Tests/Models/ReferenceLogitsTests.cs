using System.Text.Json;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tests.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Models;

/// <summary>
/// The numerical contract: for the same weights, our fp32 logits match transformers' semantics (as ported line by
/// line to numpy, computed in float64) to 1e-4 relative to the largest logit.
/// </summary>
public sealed class ReferenceLogitsTests
{
    static readonly long[] Sequence = [3, 17, 42, 5, 9, 60, 1, 33, 7, 7, 12];
    const double RelativeTolerance = 1e-4;

    [Theory, MemberData(nameof(TinyModels.AllFamilies), MemberType = typeof(TinyModels))]
    public void LogitsMatchTheTransformersReference(string family)
    {
        using var dir = new TempDirectory();
        using var model = TinyModels.Create(TinyModels.Named(family));
        CheckpointWriter.Save(model, dir.Path, ScalarType.Float32);
        using var scope = NewDisposeScope();
        var ours = model.Forward(model.Embed(TinyModels.Ids(Sequence)))[0];  // [T, V]
        AssertClose(ours, NumpyReference.Logits(dir.Path, Sequence));
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void NokenSpliceMatchesTheReference(string family)
    {
        using var dir = new TempDirectory();
        using var model = TinyModels.Create(TinyModels.Named(family));
        CheckpointWriter.Save(model, dir.Path, ScalarType.Float32);
        using var scope = NewDisposeScope();
        var noken = torch.randn(model.Config.HiddenSize, generator: new torch.Generator(3));
        var vectorFile = dir.File("noken.json");
        File.WriteAllText(vectorFile, JsonSerializer.Serialize(noken.data<float>().ToArray()));
        var embeddings = model.Embed(TinyModels.Ids(Sequence));
        embeddings[0, 4] = noken;
        var ours = model.Forward(embeddings)[0];
        AssertClose(ours, NumpyReference.Logits(dir.Path, Sequence, "--noken-position", "4", "--noken-file", vectorFile));

        var edited = model.Forward(model.Embed(TinyModels.Ids(Sequence)), edit: new ResidualEdit(1, 6, noken, ResidualEditMode.Add))[0];
        AssertClose(edited, NumpyReference.Logits(dir.Path, Sequence,
            "--inject-layer", "1", "--inject-position", "6", "--inject-file", vectorFile, "--inject-mode", "add"));
    }

    static void AssertClose(Tensor ours, float[][] reference)
    {
        Assert.Equal(reference.Length, (int)ours.shape[0]);
        var values = ours.contiguous().data<float>().ToArray();
        int vocab = reference[0].Length;
        Assert.Equal(vocab, (int)ours.shape[1]);
        double scale = reference.SelectMany(r => r).Max(v => Math.Abs(v));
        double worst = 0;
        for (int t = 0; t < reference.Length; t++)
            for (int v = 0; v < vocab; v++)
                worst = Math.Max(worst, Math.Abs(values[t * vocab + v] - reference[t][v]));
        Assert.True(scale > 0.1, $"logits too small ({scale}) for the comparison to mean anything");
        Assert.True(worst <= RelativeTolerance * scale, $"max |ours - reference| = {worst:E3}, scale {scale:F3}");
    }
}
