namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// Uniform numbers for sampling that depend only on (seed, row key, step) — a counter-based hash (SplitMix64),
/// not a stream — so a pair's sampled continuation is the same whichever batch it ran in.
/// </summary>
internal static class SamplingNoise
{
    public static double Uniform(long seed, long rowKey, int step)
    {
        ulong x = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)rowKey * 0xBF58476D1CE4E5B9UL ^ (ulong)step * 0x94D049BB133111EBUL;
        x = Mix(Mix(x));
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
