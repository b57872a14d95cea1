namespace Orleans.Noken.Engine.Evaluation;

/// <summary>
/// How often something happened: <see cref="Hits"/> of <see cref="Samples"/>, with its exact (Clopper–Pearson) 95%
/// confidence interval — exact because the rates a hardening study compares are often 0 or a handful of a few hundred,
/// where the normal approximation says nonsense.
/// </summary>
public sealed record Rate(long Hits, long Samples)
{
    public const double Confidence = 0.95;

    public double Value => Samples == 0 ? double.NaN : (double)Hits / Samples;
    public double Lower => Samples == 0 ? double.NaN : BinomialInterval.Lower(Hits, Samples, 1 - Confidence);
    public double Upper => Samples == 0 ? double.NaN : BinomialInterval.Upper(Hits, Samples, 1 - Confidence);

    public override string ToString() =>
        Samples == 0 ? "n/a (0 samples)"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Value:P1} [{Lower:P1}, {Upper:P1}] ({Hits}/{Samples})");
}

/// <summary>Clopper–Pearson bounds by bisection on the binomial tail (summed in log space: exact for any n here).</summary>
public static class BinomialInterval
{
    /// <summary>The p below which seeing k or more of n has probability at most alpha/2 (0 when k = 0).</summary>
    public static double Lower(long k, long n, double alpha)
    {
        Check(k, n);
        if (k == 0) return 0;
        // P(X >= k | p) rises with p: the bound is where it crosses alpha/2.
        return Bisect(p => 1 - Cdf(k - 1, n, p) - alpha / 2);
    }

    /// <summary>The p above which seeing k or fewer of n has probability at most alpha/2 (1 when k = n).</summary>
    public static double Upper(long k, long n, double alpha)
    {
        Check(k, n);
        if (k == n) return 1;
        // P(X <= k | p) falls with p.
        return Bisect(p => alpha / 2 - Cdf(k, n, p));
    }

    /// <summary>P(X ≤ k) for X ~ Binomial(n, p).</summary>
    public static double Cdf(long k, long n, double p)
    {
        if (k < 0) return 0;
        if (k >= n) return 1;
        if (p <= 0) return 1;
        if (p >= 1) return 0;
        double logP = Math.Log(p), logQ = Math.Log(1 - p), sum = 0;
        double logTerm = n * logQ;                       // log C(n, 0) p^0 q^n
        for (long i = 0; i <= k; i++)
        {
            sum += Math.Exp(logTerm);
            logTerm += Math.Log((double)(n - i) / (i + 1)) + logP - logQ;   // → term i + 1
        }
        return Math.Min(1, sum);
    }

    /// <summary>The root in (0, 1) of an increasing function.</summary>
    static double Bisect(Func<double, double> increasing)
    {
        double lo = 0, hi = 1;
        for (int i = 0; i < 100; i++)
        {
            double mid = (lo + hi) / 2;
            if (increasing(mid) < 0) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    static void Check(long k, long n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "needs at least one sample");
        if (k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"hits must be in 0..{n}");
    }
}
