namespace Orleans.Noken.Engine.Study;

/// <summary>
/// A quantity across independent runs (the unit is the seed): its per-seed values, mean and 95 % Student-t interval;
/// and a difference of two arms' means with Welch's interval. With one run the interval is unknown (NaN), never 0.
/// </summary>
public sealed record SeedSummary(IReadOnlyList<double> Values, double Mean, double Lower, double Upper)
{
    public int Units => Values.Count;

    /// <summary>"mean [lower, upper]", or the mean alone when the interval is unknown (one run).</summary>
    public string Format() => double.IsNaN(Lower)
        ? Mean.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Mean:0.####} [{Lower:0.####}, {Upper:0.####}]");

    public static SeedSummary Of(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return new SeedSummary(values, double.NaN, double.NaN, double.NaN);
        double mean = finite.Average();
        if (finite.Count < 2) return new SeedSummary(values, mean, double.NaN, double.NaN);
        double half = StudentT.Quantile975(finite.Count - 1) * Math.Sqrt(Variance(finite) / finite.Count);
        return new SeedSummary(values, mean, mean - half, mean + half);
    }

    /// <summary>mean(a) − mean(b) with Welch's 95 % interval (Welch–Satterthwaite degrees of freedom). When both arms
    /// are deterministic (no spread) the interval collapses to the difference itself.</summary>
    public static SeedSummary Difference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var (x, y) = (a.Where(double.IsFinite).ToList(), b.Where(double.IsFinite).ToList());
        if (x.Count == 0 || y.Count == 0) return new SeedSummary([], double.NaN, double.NaN, double.NaN);
        double diff = x.Average() - y.Average();
        double vx = x.Count > 1 ? Variance(x) / x.Count : 0, vy = y.Count > 1 ? Variance(y) / y.Count : 0;
        if (vx + vy == 0) return new SeedSummary([], diff, x.Count > 1 || y.Count > 1 ? diff : double.NaN, x.Count > 1 || y.Count > 1 ? diff : double.NaN);
        double df = (vx + vy) * (vx + vy) / ((x.Count > 1 ? vx * vx / (x.Count - 1) : 0) + (y.Count > 1 ? vy * vy / (y.Count - 1) : 0));
        double half = StudentT.Quantile975(Math.Max(1, (int)Math.Floor(df))) * Math.Sqrt(vx + vy);
        return new SeedSummary([], diff, diff - half, diff + half);
    }

    static double Variance(IReadOnlyList<double> xs)
    {
        double mean = xs.Average();
        return xs.Sum(v => (v - mean) * (v - mean)) / (xs.Count - 1);
    }
}

/// <summary>The 97.5 % quantile of Student's t (two-sided 95 %), tabulated to df 30, then the normal's.</summary>
public static class StudentT
{
    static readonly double[] Table =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    public static double Quantile975(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "at least one degree of freedom");
        return degreesOfFreedom <= Table.Length ? Table[degreesOfFreedom - 1]
            : degreesOfFreedom <= 40 ? 2.042 : degreesOfFreedom <= 60 ? 2.021 : degreesOfFreedom <= 120 ? 2.000 : 1.980; // each band's smallest df: conservative
    }
}
