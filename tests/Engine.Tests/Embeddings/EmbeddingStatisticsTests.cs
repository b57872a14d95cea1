using Orleans.Noken.Engine.Embeddings;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Embeddings;

public class EmbeddingStatisticsTests
{
    const int V = 500, D = 12;

    [Fact]
    public void NormsCentroidAndStdMatchTorchReductions()
    {
        using var matrix = SyntheticEmbeddings.Matrix(V, D);
        using var stats = EmbeddingStatistics.Compute(matrix);
        using var norms = matrix.norm(1).to_type(ScalarType.Float64);
        using var mean = matrix.to_type(ScalarType.Float64).mean([0]);
        using var std = matrix.to_type(ScalarType.Float64).std(0, unbiased: false);

        Assert.Equal(V, stats.VocabSize);
        Assert.Equal(D, stats.Dimension);
        AssertClose(norms.data<double>().ToArray(), stats.Norms, 1e-5);
        AssertClose(mean.data<double>().ToArray(), stats.Mean, 1e-9);
        AssertClose(std.data<double>().ToArray(), stats.Std, 1e-9);
    }

    [Fact]
    public void DistanceAndCosineToCentroidAreMeasuredFromTheMean()
    {
        using var matrix = SyntheticEmbeddings.Matrix(V, D);
        using var stats = EmbeddingStatistics.Compute(matrix);
        var mean = stats.Mean.ToArray();
        double meanNorm = Math.Sqrt(mean.Sum(m => m * m));
        foreach (var id in new[] { 0, 17, V - 1 })
        {
            var row = stats.Row(id).ToArray();
            double distance = Math.Sqrt(row.Select((x, j) => (x - mean[j]) * (x - mean[j])).Sum());
            double cosine = row.Select((x, j) => x * mean[j]).Sum() / (stats.Norms[id] * meanNorm);
            Assert.Equal(distance, stats.DistancesToCentroid[id], 9);
            Assert.Equal(cosine, stats.CosinesToCentroid[id], 9);
        }
    }

    [Fact]
    public void PaddingRowsBeyondTokenizerSizeAreIgnored()
    {
        var values = SyntheticEmbeddings.Values(V + 20, D);
        for (int i = V * D; i < values.Length; i++) values[i] = 1000f;  // padding: far away, huge norm
        using var padded = torch.tensor(values, [V + 20, D]);
        using var real = padded.narrow(0, 0, V).clone();
        using var withPadding = EmbeddingStatistics.Compute(padded, tokenizerSize: V);
        using var reference = EmbeddingStatistics.Compute(real);

        Assert.Equal(V, withPadding.VocabSize);
        Assert.Equal(V + 20, withPadding.MatrixRows);
        Assert.Equal(reference.Mean, withPadding.Mean);
        Assert.Equal(reference.NormDistribution.Max, withPadding.NormDistribution.Max);
        // A vector pointing exactly at the padding rows still only finds real tokens.
        using var query = torch.full(1, D, 1000f);
        var nearest = withPadding.NearestTokens(query, 5)[0];
        Assert.All(nearest, t => Assert.InRange(t.Id, 0, V - 1));
    }

    [Fact]
    public void NormDistributionSummarisesTheSortedNorms()
    {
        using var matrix = SyntheticEmbeddings.Matrix(V, D);
        using var stats = EmbeddingStatistics.Compute(matrix);
        var sorted = stats.Norms.Order().ToArray();
        var dist = stats.NormDistribution;

        Assert.Equal(sorted[0], dist.Min);
        Assert.Equal(sorted[^1], dist.Max);
        Assert.Equal((sorted[V / 2 - 1] + sorted[V / 2]) / 2, dist.P50, 12);  // even count: midpoint
        Assert.Equal(sorted.Average(), dist.Mean, 9);
        Assert.True(dist.P1 <= dist.P5 && dist.P5 <= dist.P25 && dist.P25 <= dist.P50
            && dist.P50 <= dist.P75 && dist.P75 <= dist.P95 && dist.P95 <= dist.P99);
        Assert.Equal(V, dist.Histogram.Counts.Sum());
        Assert.Equal(NormDistribution.HistogramBins, dist.Histogram.Counts.Count);
        Assert.Equal(sorted.Count(n => n < dist.Min + dist.Histogram.BinWidth), dist.Histogram.Counts[0]);
    }

    [Fact]
    public void FullCovarianceFactorReproducesThePopulationCovariance()
    {
        using var matrix = SyntheticEmbeddings.Matrix(V, D);
        using var stats = EmbeddingStatistics.Compute(matrix);
        var covariance = stats.Covariance;
        using var expected = torch.cov(matrix.to_type(ScalarType.Float64).t(), correction: 0);  // [D, D]
        using var l = torch.tensor(covariance.Cholesky, [D, D]);
        using var product = l.matmul(l.t());

        Assert.Equal(0, covariance.Ridge);
        Assert.True(torch.allclose(product, expected, rtol: 1e-9, atol: 1e-12));
        using var upper = l.triu(1);
        Assert.Equal(0, upper.abs().max().item<double>());
    }

    [Fact]
    public void RankDeficientCovarianceGetsARidgeAndStillFactorises()
    {
        using var matrix = SyntheticEmbeddings.Matrix(5, D);  // 5 rows in 12 dimensions: rank <= 4
        using var stats = EmbeddingStatistics.Compute(matrix);
        var covariance = stats.Covariance;

        Assert.True(covariance.Ridge >= 1e-6 * covariance.Trace / D);
        Assert.All(covariance.Cholesky, x => Assert.True(double.IsFinite(x)));
        for (int i = 0; i < D; i++) Assert.True(covariance.Cholesky[i * D + i] > 0);
    }

    [Fact]
    public void UndertrainedDetectionRanksPlantedNearCentroidRowsFirst()
    {
        var values = SyntheticEmbeddings.Values(V, D);
        int[] planted = [3, 77, 150, 299, 421];
        var random = new Random(5);
        using (var m = torch.tensor(values, [V, D]))
        using (var s = EmbeddingStatistics.Compute(m))
        {
            var centroid = s.Mean.ToArray();
            foreach (var id in planted)
                for (int j = 0; j < D; j++)
                    values[id * D + j] = (float)(centroid[j] + 1e-3 * (random.NextDouble() - 0.5));
        }
        using var matrix = torch.tensor(values, [V, D]);
        using var stats = EmbeddingStatistics.Compute(matrix);

        var top = stats.UndertrainedCandidates(5);
        Assert.Equal(planted, top.Select(c => c.Id).Order());
        Assert.All(top, c => Assert.True(c.DistanceToCentroid < 0.05 && c.Score > 0));
        Assert.True(top.Zip(top.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.DoesNotContain(stats.UndertrainedCandidates(6)[5].Id, planted);
    }

    [Fact]
    public void UndertrainedDetectionFavoursLowNormRows()
    {
        var values = SyntheticEmbeddings.Values(V, D);
        for (int j = 0; j < D; j++) values[42 * D + j] *= 0.01f;  // a collapsed (weight-decayed) row
        using var matrix = torch.tensor(values, [V, D]);
        using var stats = EmbeddingStatistics.Compute(matrix);

        Assert.Equal(42, stats.UndertrainedCandidates(1)[0].Id);
    }

    [Fact]
    public void NearestTokensFindsTheExactRowOfACopiedEmbedding()
    {
        using var matrix = SyntheticEmbeddings.Matrix(V, D);
        using var stats = EmbeddingStatistics.Compute(matrix);
        int[] ids = [0, 9, 250, V - 1];
        using var index = torch.tensor(ids.Select(i => (long)i).ToArray());
        using var copies = matrix.index_select(0, index) * 3.5f;  // cosine ignores scale

        var nearest = stats.NearestTokens(copies, 4);

        Assert.Equal(ids.Length, nearest.Count);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal(ids[i], nearest[i][0].Id);
            Assert.Equal(1.0, nearest[i][0].Cosine, 5);
            Assert.True(nearest[i].Zip(nearest[i].Skip(1)).All(p => p.First.Cosine >= p.Second.Cosine));
            Assert.True(nearest[i][1].Cosine < 0.9999);
        }
    }

    [Fact]
    public void StatisticsDoNotFollowLaterInPlaceChangesToTheMatrix()
    {
        using var matrix = SyntheticEmbeddings.Matrix(V, D);
        using var stats = EmbeddingStatistics.Compute(matrix);
        var before = stats.Row(3).ToArray();

        matrix.mul_(2f);  // e.g. a fine-tuning step updating the embeddings

        Assert.Equal(before, stats.Row(3).ToArray());
        Assert.Equal(stats.Norms[3], Math.Sqrt(before.Sum(x => (double)x * x)), 9);
    }

    [Fact]
    public void ComputeRefusesATokenizerSizeLargerThanTheMatrix()
    {
        using var matrix = SyntheticEmbeddings.Matrix(10, D);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingStatistics.Compute(matrix, tokenizerSize: 11));
        Assert.Contains("tokenizerSize must be in [1, 10]", e.Message);
    }

    [Fact]
    public void NearestTokensRefusesVectorsOfTheWrongWidth()
    {
        using var matrix = SyntheticEmbeddings.Matrix(10, D);
        using var stats = EmbeddingStatistics.Compute(matrix);
        using var wrong = torch.zeros(2, D + 1);
        var e = Assert.Throws<ArgumentException>(() => stats.NearestTokens(wrong, 1));
        Assert.Contains($"vectors must be [N, {D}]", e.Message);
    }

    static void AssertClose(double[] expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
