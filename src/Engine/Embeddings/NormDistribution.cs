namespace Orleans.Noken.Engine.Embeddings;

/// <summary>
/// The distribution of real tokens' L2 norms. Percentiles use linear interpolation between order statistics
/// (numpy's default), so they compare directly with a Python notebook; <see cref="Std"/> is the population std.
/// </summary>
public sealed record NormDistribution(
    double Mean, double Std, double Min, double Max,
    double P1, double P5, double P25, double P50, double P75, double P95, double P99,
    NormHistogram Histogram)
{
    public const int HistogramBins = 20;

    internal static NormDistribution From(double[] norms)
    {
        var sorted = (double[])norms.Clone();
        Array.Sort(sorted);
        double mean = 0;
        foreach (var n in sorted) mean += n;
        mean /= sorted.Length;
        double variance = 0;
        foreach (var n in sorted) variance += (n - mean) * (n - mean);
        variance /= sorted.Length;

        double P(double q) => Percentile(sorted, q);
        return new NormDistribution(mean, Math.Sqrt(variance), sorted[0], sorted[^1],
            P(1), P(5), P(25), P(50), P(75), P(95), P(99),
            NormHistogram.Build(sorted, sorted[0], sorted[^1], HistogramBins));
    }

    static double Percentile(double[] sorted, double percent)
    {
        double position = percent / 100.0 * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}
