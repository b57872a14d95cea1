using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Embeddings;

/// <summary>
/// Statistics of a model's input-embedding matrix, computed once per model and shared by every noken sampler.
/// Only the first <c>tokenizerSize</c> rows count as real tokens: checkpoints pad the matrix to a round size,
/// and the padding rows were never trained, so they would skew every statistic.
/// </summary>
/// <remarks>
/// Norms, the centroid, per-dimension std and the under-training scores are computed in float64 by plain C#
/// loops whose summation order depends only on V and D (fixed row chunks combined in chunk order), so they are
/// identical on every machine; that is what lets a noken recipe replay bit for bit anywhere.
/// The statistics hold their own fp32 copy of the real rows (samplers read token embeddings from it) and must be disposed.
/// </remarks>
public sealed unsafe class EmbeddingStatistics : IDisposable
{
    const int ChunkRows = 1024;
    // Bounds NearestTokens' [n, V] similarity block to ~128 MB of fp32.
    const long SimilarityBlockElements = 1L << 25;

    readonly Tensor _matrix;        // [V, D] fp32, contiguous, CPU: the real rows only
    readonly Tensor _inverseNorms;  // [V] fp32, 0 for zero rows
    readonly float* _rows;
    readonly double[] _norms, _mean, _std, _distances, _cosines, _scores;
    readonly Lazy<FullCovariance> _covariance;
    readonly Lazy<int[]> _undertrainedRanking;
    bool _disposed;

    /// <summary>Real tokens (rows considered).</summary>
    public int VocabSize { get; }
    /// <summary>Rows of the matrix as given, padding included.</summary>
    public int MatrixRows { get; }
    public int Dimension { get; }

    /// <summary>[V] L2 norm of each real token's embedding.</summary>
    public IReadOnlyList<double> Norms => _norms;
    public NormDistribution NormDistribution { get; }
    /// <summary>[D] the centroid (mean embedding).</summary>
    public IReadOnlyList<double> Mean => _mean;
    /// <summary>[D] per-dimension population std, the diagonal Gaussian's scale.</summary>
    public IReadOnlyList<double> Std => _std;
    /// <summary>[V] Euclidean distance of each real token to the centroid.</summary>
    public IReadOnlyList<double> DistancesToCentroid => _distances;
    /// <summary>[V] cosine similarity of each real token to the centroid (0 for a zero vector).</summary>
    public IReadOnlyList<double> CosinesToCentroid => _cosines;
    /// <summary>[V] under-training score; see <see cref="UndertrainedCandidates"/>.</summary>
    public IReadOnlyList<double> UndertrainingScores => _scores;

    /// <summary>Full covariance and its Cholesky factor; computed on first use (D=4096 means a 4096x4096 float64 matrix).</summary>
    public FullCovariance Covariance => _covariance.Value;

    internal ReadOnlySpan<double> MeanSpan => _mean;
    internal ReadOnlySpan<double> StdSpan => _std;
    internal ReadOnlySpan<double> NormSpan => _norms;

    EmbeddingStatistics(Tensor matrix, int matrixRows)
    {
        _matrix = matrix;
        MatrixRows = matrixRows;
        VocabSize = (int)matrix.shape[0];
        Dimension = (int)matrix.shape[1];
        // The first row's span starts the contiguous block; rows are read through this pointer without copying
        // (a single Span cannot cover a matrix over 2 GB, e.g. Qwen2-7B's 152064 x 3584).
        using (var first = matrix.narrow(0, 0, 1))
            _rows = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(first.bytes));

        _norms = new double[VocabSize];
        _mean = new double[Dimension];
        _std = new double[Dimension];
        _distances = new double[VocabSize];
        _cosines = new double[VocabSize];

        ComputeNormsAndMean();
        ComputeSpreadAndDistances();
        NormDistribution = NormDistribution.From(_norms);
        _scores = UndertrainingScoresFrom(_norms, _distances);

        var inverse = new float[VocabSize];
        for (int i = 0; i < VocabSize; i++) inverse[i] = _norms[i] > 0 ? (float)(1.0 / _norms[i]) : 0f;
        _inverseNorms = torch.tensor(inverse);
        _covariance = new Lazy<FullCovariance>(() => FullCovariance.Compute(_matrix, _mean));
        _undertrainedRanking = new Lazy<int[]>(RankByUndertraining);
    }

    /// <summary>
    /// Computes the statistics of <paramref name="embeddings"/> [rows, D] (any float dtype, any device; it is
    /// brought to fp32 on the CPU), restricted to its first <paramref name="tokenizerSize"/> rows when given.
    /// </summary>
    /// <summary>The statistics of a loaded model's real tokens (its fp32 embedding matrix, padding rows left out).</summary>
    public static EmbeddingStatistics Of(Models.LoadedModel loaded) => Compute(loaded.Model.EmbeddingMatrix, loaded.RealTokens);

    public static EmbeddingStatistics Compute(Tensor embeddings, int? tokenizerSize = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.dim() != 2)
            throw new ArgumentException($"the embedding matrix must be 2-D [V, D] (got shape [{string.Join(", ", embeddings.shape)}])", nameof(embeddings));
        int rows = (int)embeddings.shape[0], d = (int)embeddings.shape[1];
        if (rows < 1 || d < 1)
            throw new ArgumentException($"the embedding matrix must have at least one row and one column (got [{rows}, {d}])", nameof(embeddings));
        int real = tokenizerSize ?? rows;
        if (real < 1 || real > rows)
            throw new ArgumentOutOfRangeException(nameof(tokenizerSize), real, $"tokenizerSize must be in [1, {rows}] (the matrix has {rows} rows)");

        Tensor matrix;
        using (var scope = NewDisposeScope())
        {
            var rowsView = embeddings.detach().narrow(0, 0, real);
            // Always own the data: fine-tuning updates the embedding matrix in place, and a recipe must keep
            // replaying the nokens it produced before training. A converted (bf16, GPU, strided) input is
            // already a fresh copy; an fp32 contiguous CPU input would otherwise be shared.
            bool shared = embeddings.dtype == ScalarType.Float32 && embeddings.device_type == DeviceType.CPU && rowsView.is_contiguous();
            var converted = rowsView.to(ScalarType.Float32, CPU).contiguous();
            matrix = (shared ? converted.clone() : converted).MoveToOuterDisposeScope();
        }
        return new EmbeddingStatistics(matrix, rows);
    }

    /// <summary>The embedding of real token <paramref name="id"/>, read in place. Valid until disposal.</summary>
    public ReadOnlySpan<float> Row(int id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)id >= (uint)VocabSize)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"token id must be in [0, {VocabSize - 1}]");
        return new ReadOnlySpan<float>(_rows + (long)id * Dimension, Dimension);
    }

    /// <summary>
    /// The <paramref name="k"/> real tokens most likely to be under-trained, most suspicious first.
    /// </summary>
    /// <remarks>
    /// Criterion: real glitch tokens (' SolidGoldMagikarp' in GPT-2) were found as the tokens closest to the
    /// embedding centroid, and tokens that never occur in training keep (weight-decayed) initial embeddings, i.e.
    /// unusually small norms. Both signals are standardised over the real vocabulary and averaged:
    /// <c>score = -(z(norm) + z(distance to centroid)) / 2</c>, so a token one std below average on both scores 1.
    /// Ties break by id so the ranking is the same everywhere.
    /// </remarks>
    public IReadOnlyList<UndertrainedCandidate> UndertrainedCandidates(int k)
    {
        if (k < 1 || k > VocabSize)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, {VocabSize}]");
        var ranking = _undertrainedRanking.Value;
        var result = new UndertrainedCandidate[k];
        for (int i = 0; i < k; i++)
        {
            int id = ranking[i];
            result[i] = new UndertrainedCandidate(id, _norms[id], _distances[id], _cosines[id], _scores[id]);
        }
        return result;
    }

    /// <summary>
    /// For each row of <paramref name="vectors"/> [N, D], the <paramref name="k"/> real tokens with the highest
    /// cosine similarity, best first. The batched matmul only finds them; each reported cosine is then recomputed in
    /// float64 from the rows, because the BLAS kernel's fp32 sums depend on the batch's memory alignment (measured: the
    /// same noken 1 ulp apart in a sweep and in a silo), and a result row must not depend on where a shard ran.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<TokenSimilarity>> NearestTokens(Tensor vectors, int k)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.dim() != 2 || vectors.shape[1] != Dimension)
            throw new ArgumentException($"vectors must be [N, {Dimension}] (got [{string.Join(", ", vectors.shape)}])", nameof(vectors));
        if (k < 1 || k > VocabSize)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, {VocabSize}]");

        int n = (int)vectors.shape[0];
        var result = new IReadOnlyList<TokenSimilarity>[n];
        int chunk = (int)Math.Max(1, SimilarityBlockElements / VocabSize);
        using var _ = torch.no_grad();
        for (int start = 0; start < n; start += chunk)
        {
            using var scope = NewDisposeScope();
            int rows = Math.Min(chunk, n - start);
            var x = vectors.detach().narrow(0, start, rows).to(ScalarType.Float32, CPU);  // [n, D]
            // Scaling the dot products by both inverse norms equals a matmul against the row-normalised matrix,
            // without keeping a second V x D copy of it.
            var inverseQueryNorms = x.norm(1, keepdim: true).clamp_min(1e-30).reciprocal();  // [n, 1]
            var cosines = x.matmul(_matrix.t()).mul_(_inverseNorms).mul_(inverseQueryNorms);  // [n, V]
            var (_, indices) = cosines.topk(k, dim: 1);                                       // [n, k]
            var ids = indices.data<long>().ToArray();
            var queries = x.contiguous().data<float>().ToArray();
            for (int r = 0; r < rows; r++)
            {
                var query = new ReadOnlySpan<float>(queries, r * Dimension, Dimension);
                var row = new TokenSimilarity[k];
                for (int j = 0; j < k; j++) row[j] = new TokenSimilarity((int)ids[r * k + j], ExactCosine(query, (int)ids[r * k + j]));
                // fp32 near-ties may come out of topk in either order; best first by the exact values.
                Array.Sort(row, (a, b) => b.Cosine != a.Cosine ? b.Cosine.CompareTo(a.Cosine) : a.Id.CompareTo(b.Id));
                result[start + r] = row;
            }
        }
        return result;
    }

    double ExactCosine(ReadOnlySpan<float> query, int id)
    {
        var token = new ReadOnlySpan<float>(_rows + (long)id * Dimension, Dimension);
        double dot = 0, squares = 0;
        for (int j = 0; j < query.Length; j++)
        {
            dot += (double)query[j] * token[j];
            squares += (double)query[j] * query[j];
        }
        double norms = Math.Sqrt(squares) * _norms[id];
        return norms > 0 ? dot / norms : 0;
    }

    void ComputeNormsAndMean()
    {
        int d = Dimension;
        var partialSums = ForEachChunk((id, row, sums) =>
        {
            double squares = 0;
            for (int j = 0; j < d; j++)
            {
                double x = row[j];
                squares += x * x;
                sums[j] += x;
            }
            _norms[id] = Math.Sqrt(squares);
        });
        for (int j = 0; j < d; j++) _mean[j] = partialSums[j] / VocabSize;
    }

    void ComputeSpreadAndDistances()
    {
        int d = Dimension;
        double meanNorm = 0;
        for (int j = 0; j < d; j++) meanNorm += _mean[j] * _mean[j];
        meanNorm = Math.Sqrt(meanNorm);
        var partialSquares = ForEachChunk((id, row, squares) =>
        {
            double distance = 0, dot = 0;
            for (int j = 0; j < d; j++)
            {
                double x = row[j], deviation = x - _mean[j];
                distance += deviation * deviation;
                dot += x * _mean[j];
                squares[j] += deviation * deviation;
            }
            _distances[id] = Math.Sqrt(distance);
            double denominator = _norms[id] * meanNorm;
            _cosines[id] = denominator > 0 ? dot / denominator : 0;
        });
        for (int j = 0; j < d; j++) _std[j] = Math.Sqrt(partialSquares[j] / VocabSize);
    }

    delegate void RowVisitor(int id, ReadOnlySpan<float> row, Span<double> accumulator);

    /// <summary>
    /// Visits every real row in parallel over fixed chunks of rows, each with its own [D] accumulator, and sums the
    /// accumulators in chunk order: the result does not depend on the thread count or scheduling.
    /// </summary>
    double[] ForEachChunk(RowVisitor visit)
    {
        int d = Dimension;
        int chunks = (VocabSize + ChunkRows - 1) / ChunkRows;
        var partials = new double[chunks][];
        Parallel.For(0, chunks, c =>
        {
            var accumulator = new double[d];
            int end = Math.Min(VocabSize, (c + 1) * ChunkRows);
            for (int id = c * ChunkRows; id < end; id++)
                visit(id, new ReadOnlySpan<float>(_rows + (long)id * d, d), accumulator);
            partials[c] = accumulator;
        });
        var total = new double[d];
        foreach (var partial in partials)
            for (int j = 0; j < d; j++) total[j] += partial[j];
        return total;
    }

    static double[] UndertrainingScoresFrom(double[] norms, double[] distances)
    {
        var zNorm = Standardise(norms);
        var zDistance = Standardise(distances);
        var scores = new double[norms.Length];
        for (int i = 0; i < scores.Length; i++) scores[i] = -(zNorm[i] + zDistance[i]) / 2;
        return scores;
    }

    static double[] Standardise(double[] values)
    {
        double mean = 0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        double variance = 0;
        foreach (var v in values) variance += (v - mean) * (v - mean);
        double std = Math.Sqrt(variance / values.Length);
        var z = new double[values.Length];
        // A constant column carries no signal: every token scores 0 on it.
        if (std > 0)
            for (int i = 0; i < z.Length; i++) z[i] = (values[i] - mean) / std;
        return z;
    }

    int[] RankByUndertraining()
    {
        var ids = new int[VocabSize];
        for (int i = 0; i < ids.Length; i++) ids[i] = i;
        Array.Sort(ids, (a, b) =>
        {
            int byScore = _scores[b].CompareTo(_scores[a]);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });
        return ids;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _matrix.Dispose();
        _inverseNorms.Dispose();
    }
}
