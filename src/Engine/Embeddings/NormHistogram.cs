namespace Orleans.Noken.Engine.Embeddings;

/// <summary>Equal-width bins over [<paramref name="Min"/>, <paramref name="Max"/>]; the last bin includes Max.</summary>
public sealed record NormHistogram(double Min, double Max, IReadOnlyList<long> Counts)
{
    public double BinWidth => Counts.Count == 0 ? 0 : (Max - Min) / Counts.Count;

    internal static NormHistogram Build(double[] values, double min, double max, int bins)
    {
        var counts = new long[bins];
        double width = (max - min) / bins;
        foreach (var v in values)
        {
            // A degenerate range (all norms equal) puts everything in the first bin.
            int bin = width > 0 ? (int)((v - min) / width) : 0;
            counts[Math.Clamp(bin, 0, bins - 1)]++;
        }
        return new NormHistogram(min, max, counts);
    }
}
