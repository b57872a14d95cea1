using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Embeddings;

/// <summary>
/// The embedding matrix's full covariance (population, i.e. divided by V) reduced to what sampling needs:
/// its lower Cholesky factor L (Σ + ridge·I = L Lᵀ), row-major, float64.
/// </summary>
/// <remarks>
/// Computed in float64 by libtorch's BLAS/LAPACK. Unlike the other statistics (plain C# loops in a fixed order),
/// the factor's last bits can therefore differ between BLAS builds, so <c>gaussian-full</c> nokens replay bit for
/// bit only on machines whose libtorch computes the same factor.
/// </remarks>
public sealed class FullCovariance
{
    // Tried in order until the factorisation succeeds: zero, then the 1e-6·trace/D ridge, then larger ones for
    // matrices that are numerically far from positive definite (V ≪ D, duplicated rows).
    static readonly double[] RidgeFactors = [0, 1e-6, 1e-5, 1e-4, 1e-3];

    public int Dimension { get; }
    public double Trace { get; }
    /// <summary>What was added to the diagonal before factorising (0 when Σ was already positive definite).</summary>
    public double Ridge { get; }
    /// <summary>[D, D] row-major, lower triangular.</summary>
    public double[] Cholesky { get; }

    FullCovariance(int dimension, double trace, double ridge, double[] cholesky) =>
        (Dimension, Trace, Ridge, Cholesky) = (dimension, trace, ridge, cholesky);

    internal static FullCovariance Compute(Tensor matrix, double[] mean)
    {
        using var _ = torch.no_grad();
        using var scope = NewDisposeScope();
        int v = (int)matrix.shape[0], d = (int)matrix.shape[1];
        var mu = torch.tensor(mean, dtype: ScalarType.Float64);                 // [D]
        var covariance = torch.zeros(d, d, dtype: ScalarType.Float64);         // [D, D]
        // Row chunks keep the float64 copy of the matrix bounded (the whole of it would double a 2 GB matrix).
        const int chunkRows = 4096;
        for (int start = 0; start < v; start += chunkRows)
        {
            using var chunkScope = NewDisposeScope();
            int n = Math.Min(chunkRows, v - start);
            var centred = matrix.narrow(0, start, n).to_type(ScalarType.Float64) - mu;  // [n, D]
            covariance.add_(centred.t().matmul(centred));
        }
        covariance.div_(v);
        double trace = covariance.trace().item<double>();
        var identity = torch.eye(d, dtype: ScalarType.Float64);

        foreach (var factor in RidgeFactors)
        {
            using var attemptScope = NewDisposeScope();
            // A zero trace (all rows identical) still gets a tiny absolute ridge so the factor exists.
            double ridge = factor == 0 ? 0 : factor * (trace > 0 ? trace / d : 1e-12);
            var candidate = ridge == 0 ? covariance : covariance + ridge * identity;
            var (l, info) = torch.linalg.cholesky_ex(candidate);
            if (info.item<int>() != 0) continue;
            return new FullCovariance(d, trace, ridge, l.contiguous().data<double>().ToArray());
        }
        throw new InvalidOperationException(
            $"the embedding covariance [{d}, {d}] is not positive definite even with a ridge of {RidgeFactors[^1]}·trace/D");
    }
}
