using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Hardening;

public sealed class NokenAscentTests
{
    [Fact]
    public void AscentRaisesTheKlOfItsVectorsAndLeavesTheModelAsItWas()
    {
        using var problem = new OrganismHardening(nokens: 6);
        using var statistics = EmbeddingStatistics.Of(problem.Loaded);
        var shell = NormShell.Of(statistics);
        var before = problem.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        // The hardener's state while training: blocks trainable, the vocabulary frozen, train mode.
        var frozen = problem.Model.VocabularyParameterNames;
        foreach (var (name, parameter) in problem.Model.named_parameters()) parameter.requires_grad = !frozen.Contains(name);
        problem.Model.train();

        var result = NokenAscent.Climb(problem.Model, problem.Nokens, problem.Targets, shell, steps: 8, stepSize: 0.1);

        Assert.Equal(6, result.Vectors.Count);
        Assert.All(Enumerable.Range(0, 6), i => Assert.True(result.FoundKl[i] >= result.StartKl[i], $"vector {i}: {result.StartKl[i]} → {result.FoundKl[i]}"));
        Assert.True(result.MeanFoundKl > 2 * result.MeanStartKl, $"mean KL {result.MeanStartKl:F4} → {result.MeanFoundKl:F4}: expected at least doubled");
        // The reported KL is the returned vectors' own.
        Assert.Equal(result.FoundKl.Average(), MeanKl(problem, result.Vectors), 3);

        Assert.True(problem.Model.training, "the model's train mode was not restored");
        foreach (var (name, parameter) in problem.Model.named_parameters())
        {
            Assert.True(parameter.detach().eq(before[name]).all().item<bool>(), $"{name} changed during the ascent");
            Assert.Equal(!frozen.Contains(name), parameter.requires_grad);
            Assert.True(parameter.grad is null || parameter.grad.count_nonzero().item<long>() == 0, $"{name} received a gradient");
        }
        foreach (var tensor in before.Values) tensor.Dispose();
    }

    [Fact]
    public void ClimbedVectorsStayInsideTheTokensNormShell()
    {
        using var problem = new OrganismHardening(nokens: 4);
        using var statistics = EmbeddingStatistics.Of(problem.Loaded);
        var shell = NormShell.Of(statistics);
        Assert.True(shell.Min > 0 && shell.Min < shell.Typical && shell.Typical < shell.Max, $"{shell}");
        // Two starts far outside the shell (100× and 1/100 of a noken), two inside; large steps push outwards.
        float[][] starts = [.. problem.Nokens.Select((n, i) => n.Select(x => x * (i == 0 ? 100f : i == 1 ? 0.01f : 1f)).ToArray())];

        var result = NokenAscent.Climb(problem.Model, starts, problem.Targets, shell, steps: 5, stepSize: 2.0);

        foreach (var vector in result.Vectors)
        {
            double norm = Math.Sqrt(vector.Sum(x => (double)x * x));
            Assert.InRange(norm, shell.Min * (1 - 1e-5), shell.Max * (1 + 1e-5));
        }
        // The projection rescales, it does not turn: the huge start comes back along its own direction.
        using var projected = shell.Project(torch.tensor(starts[0], [1, starts[0].Length]));
        using var original = torch.tensor(starts[0]);
        double cosine = nn.functional.cosine_similarity(projected[0], original, dim: 0).item<float>();
        Assert.True(cosine > 0.9999, $"cosine {cosine}");
        Assert.Equal(shell.Max, projected.norm().item<float>(), 4);
    }

    [Fact]
    public void KlPerPairAveragesToTheBatchLoss()
    {
        using var problem = new OrganismHardening(nokens: 3);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var pairs = problem.Nokens.SelectMany(n => problem.Targets.Select(t => (n, t))).ToList();
        var perPair = HardeningBatch.KlPerPair(problem.Model, torch.tensor(pairs.SelectMany(p => p.n).ToArray(), [pairs.Count, problem.Nokens[0].Length]),
            pairs.Select(p => p.t).ToList());
        var weights = pairs.Select(p => (double)p.t.Positions).ToArray();
        var values = perPair.data<float>().ToArray();
        double weighted = values.Select((v, i) => v * weights[i]).Sum() / weights.Sum();
        Assert.Equal(HardeningBatch.KlLoss(problem.Model, pairs).item<float>(), weighted, 4);
        Assert.All(values, v => Assert.True(v >= 0));
    }

    static double MeanKl(OrganismHardening problem, IReadOnlyList<float[]> vectors)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var pairs = vectors.SelectMany(v => problem.Targets.Select(t => (v, t))).ToList();
        var perPair = HardeningBatch.KlPerPair(problem.Model, torch.tensor(pairs.SelectMany(p => p.v).ToArray(), [pairs.Count, vectors[0].Length]),
            pairs.Select(p => p.t).ToList());
        return perPair.data<float>().Average(x => (double)x);
    }
}
