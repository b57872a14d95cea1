using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Nokens;

/// <summary>
/// Base of the samplers: each computes one noken from its index alone (float64 arithmetic, rounded to fp32 at the
/// end), so a batch is just independent rows, filled in parallel without changing a bit.
/// </summary>
public abstract class NokenSampler : INokenSampler
{
    // Separate random streams per decision; see CounterRandom.
    protected const ulong NoiseStream = 1, TokenStream = 2, WeightStream = 3, NormStream = 4;

    protected NokenSampler(NokenRecipe recipe, int dimension) => (Recipe, Dimension) = (recipe, dimension);

    public NokenRecipe Recipe { get; }
    public int Dimension { get; }

    public float[] Sample(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var noken = new float[Dimension];
        Fill(index, noken);
        return noken;
    }

    public Tensor SampleBatch(long start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int d = Dimension;
        if ((long)count * d > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a batch of {count} x {d} floats is too large for one tensor; sample it in smaller batches");
        var data = new float[(long)count * d];
        Parallel.For(0, count, i => Fill(start + i, data.AsSpan(i * d, d)));
        return torch.tensor(data, [count, d]);  // [count, D]
    }

    protected CounterRandom Random(long index, ulong stream) => new(Recipe.Seed, index, stream);

    void Fill(long index, Span<float> destination)
    {
        var noken = new double[Dimension];
        Generate(index, noken);
        for (int j = 0; j < noken.Length; j++) destination[j] = (float)noken[j];
    }

    /// <summary>Writes noken <paramref name="index"/> into <paramref name="noken"/> [D] (zeroed on entry).</summary>
    protected abstract void Generate(long index, Span<double> noken);

    protected static void AddGaussian(ref CounterRandom random, Span<double> noken, double scale)
    {
        for (int j = 0; j < noken.Length; j++) noken[j] += scale * random.NextGaussian();
    }
}
