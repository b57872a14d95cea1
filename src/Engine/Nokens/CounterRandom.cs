namespace Orleans.Noken.Engine.Nokens;

/// <summary>
/// A counter-based random stream: the n-th draw is a pure function of (seed, noken index, stream, n), so noken i
/// of a recipe never depends on which nokens were sampled before it, on thread count, or on batch boundaries.
/// Torch's generator is avoided on purpose: its output differs across devices and versions.
/// </summary>
/// <remarks>
/// The key hashes (seed, index, stream) with the SplitMix64 finaliser (a bijection on 64 bits); draws are the
/// SplitMix64 sequence from that key. Separate streams keep one decision (which token) from shifting the draws
/// of another (the noise) when, say, a rejection loop takes an extra iteration.
/// </remarks>
public struct CounterRandom
{
    const ulong Golden = 0x9E3779B97F4A7C15;
    const double TwoToMinus53 = 1.0 / (1UL << 53);

    readonly ulong _key;
    ulong _counter;
    double _spareGaussian;
    bool _hasSpare;

    public CounterRandom(long seed, long index, ulong stream)
    {
        _key = Mix(Mix(Mix((ulong)seed) ^ (ulong)index) ^ (stream * 0xD1B54A32D192ED03));
        _counter = 0;
        _spareGaussian = 0;
        _hasSpare = false;
    }

    public ulong NextUInt64() => Mix(_key + ++_counter * Golden);

    /// <summary>Uniform in the open interval (0, 1): never exactly 0, so its logarithm is finite.</summary>
    public double NextDouble() => ((NextUInt64() >> 11) + 0.5) * TwoToMinus53;

    /// <summary>Uniform integer in [0, n) (multiply-shift; bias below 2^-40 for any vocabulary size).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive");
        return (int)Math.BigMul(NextUInt64(), (ulong)n, out _);
    }

    /// <summary>Standard normal by Marsaglia's polar method (Box–Muller without sin/cos, which are not portable bit for bit).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.Sqrt(-2 * PortableMath.Log(s) / s);  // sqrt is correctly rounded by IEEE-754
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>Exponential(1), the building block of a flat Dirichlet.</summary>
    public double NextExponential() => -PortableMath.Log(NextDouble());

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
