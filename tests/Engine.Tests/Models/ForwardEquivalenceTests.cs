using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tests.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Models;

/// <summary>The identities the engine's speed relies on: each fast path computes what the plain forward computes.</summary>
public sealed class ForwardEquivalenceTests
{
    static readonly long[] Sequence = [3, 17, 42, 5, 9, 60, 1, 33];
    const double Tolerance = 2e-5;

    [Theory, MemberData(nameof(TinyModels.AllFamilies), MemberType = typeof(TinyModels))]
    public void IdsPathEqualsEmbeddingsPath(string family)
    {
        using var dir = new TempDirectory();
        using var original = TinyModels.Create(TinyModels.Named(family));
        using var model = TinyModels.RoundTrip(original, dir.Path);
        using var scope = NewDisposeScope();
        var ids = TinyModels.Ids(Sequence);
        var viaIds = model.Forward(model.Embed(ids));
        // The same rows taken from the fp32 embedding matrix the noken samplers see, fed in as vectors.
        var viaVectors = model.Forward(model.EmbeddingMatrix.index_select(0, ids[0]).unsqueeze(0));
        Assert.Equal(0.0, TinyModels.MaxAbsDifference(viaIds, viaVectors));
    }

    [Theory, MemberData(nameof(TinyModels.AllFamilies), MemberType = typeof(TinyModels))]
    public void KvCachedDecodeEqualsFullRecompute(string family)
    {
        using var model = TinyModels.Create(TinyModels.Named(family));
        using var scope = NewDisposeScope();
        var full = model.Forward(model.Embed(TinyModels.Ids(Sequence)));                 // [1, T, V]
        using var cache = model.NewCache(1, Sequence.Length);
        var prefix = model.Forward(model.Embed(TinyModels.Ids(Sequence[..3])), cache);   // positions 0..2 at once
        Assert.True(TinyModels.MaxAbsDifference(prefix, full.narrow(1, 0, 3)) < Tolerance);
        for (int t = 3; t < Sequence.Length; t++)
        {
            var step = model.Forward(model.Embed(TinyModels.Ids(Sequence[t])), cache, logits: LogitsFor.LastPosition);
            Assert.True(TinyModels.MaxAbsDifference(step, full.narrow(1, t, 1)) < Tolerance, $"position {t}");
        }
        Assert.Equal(Sequence.Length, cache.Length);
    }

    [Theory, MemberData(nameof(TinyModels.AllFamilies), MemberType = typeof(TinyModels))]
    public void BatchedEqualsOneAtATime(string family)
    {
        using var model = TinyModels.Create(TinyModels.Named(family));
        using var scope = NewDisposeScope();
        var batch = torch.randn([3, 6, model.Config.HiddenSize], generator: new torch.Generator(11)).mul(0.5);
        var together = model.Forward(batch);
        for (int row = 0; row < 3; row++)
        {
            var alone = model.Forward(batch.narrow(0, row, 1));
            Assert.True(TinyModels.MaxAbsDifference(alone, together.narrow(0, row, 1)) < Tolerance, $"row {row}");
        }
    }

    [Theory, MemberData(nameof(TinyModels.AllFamilies), MemberType = typeof(TinyModels))]
    public void NokenAtPositionLeavesEarlierLogitsUnchanged(string family)
    {
        using var model = TinyModels.Create(TinyModels.Named(family));
        using var scope = NewDisposeScope();
        const int position = 4;
        var clean = model.Embed(TinyModels.Ids(Sequence));
        var spliced = clean.clone();
        spliced[0, position] = torch.randn(model.Config.HiddenSize).mul(3);
        var before = model.Forward(clean);
        var after = model.Forward(spliced);
        Assert.Equal(0.0, TinyModels.MaxAbsDifference(before.narrow(1, 0, position), after.narrow(1, 0, position)));
        Assert.True(TinyModels.MaxAbsDifference(before.narrow(1, position, 1), after.narrow(1, position, 1)) > 1e-3,
            "the noken must change the logits at its own position");
    }

    [Theory, MemberData(nameof(TinyModels.AllFamilies), MemberType = typeof(TinyModels))]
    public void ResidualReplaceAtLayerZeroEqualsSplicingTheNoken(string family)
    {
        using var model = TinyModels.Create(TinyModels.Named(family));
        using var scope = NewDisposeScope();
        var noken = torch.randn(model.Config.HiddenSize).mul(2);
        var clean = model.Embed(TinyModels.Ids(Sequence));
        var spliced = clean.clone();
        spliced[0, 2] = noken;
        var viaSplice = model.Forward(spliced);
        // GPT-2 adds learned positions before block 0, so its layer-0 edit lands after them; compare Llama only there.
        var viaEdit = model.Forward(clean, edit: new ResidualEdit(0, 2, noken));
        if (model.Config.Family == Engine.Checkpoints.ModelFamily.Llama)
            Assert.True(TinyModels.MaxAbsDifference(viaSplice, viaEdit) < Tolerance);
        var cleanLogits = model.Forward(clean);
        var deeper = model.Forward(clean, edit: new ResidualEdit(1, 2, noken, ResidualEditMode.Add));
        Assert.Equal(0.0, TinyModels.MaxAbsDifference(deeper.narrow(1, 0, 2), cleanLogits.narrow(1, 0, 2)));
        Assert.True(TinyModels.MaxAbsDifference(deeper.narrow(1, 2, 1), cleanLogits.narrow(1, 2, 1)) > 1e-3);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void Bf16IsWithinToleranceOfFp32(string family)
    {
        using var dir = new TempDirectory();
        using var original = TinyModels.Create(TinyModels.Named(family));
        using var fp32 = TinyModels.RoundTrip(original, dir.Path);
        using var bf16 = TinyModels.RoundTrip(original, dir.File("bf16"), computeDtype: ScalarType.BFloat16);
        using var scope = NewDisposeScope();
        var ids = TinyModels.Ids(Sequence);
        var reference = fp32.Forward(fp32.Embed(ids));
        var reduced = bf16.Forward(bf16.Embed(ids));
        var scale = reference.abs().max().item<float>();
        Assert.True(TinyModels.MaxAbsDifference(reference, reduced) < 0.05 * scale);
        Assert.Equal(ScalarType.BFloat16, bf16.ComputeDtype);
        Assert.Equal(ScalarType.Float32, bf16.EmbeddingMatrix.dtype);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void TheTrainingForwardComputesTheSameLogitsAndReachesEveryParameter(string family)
    {
        using var model = TinyModels.Create(TinyModels.Named(family));
        using var scope = NewDisposeScope();
        var ids = TinyModels.Ids(Sequence);
        var inference = model.Forward(model.Embed(ids));
        var training = model.ForwardWithGradients(model.EmbedWithGradients(ids));
        Assert.True(TinyModels.MaxAbsDifference(inference, training.detach()) < 1e-6);
        var targets = torch.tensor(Sequence[1..]).unsqueeze(0);
        var loss = nn.functional.cross_entropy(training.narrow(1, 0, Sequence.Length - 1).reshape(-1, model.Config.VocabSize), targets.reshape(-1));
        loss.backward();
        Assert.All(model.named_parameters(), p => Assert.True(p.parameter.grad is not null && p.parameter.grad.abs().sum().item<float>() > 0, $"{p.name} got no gradient"));
    }
}
