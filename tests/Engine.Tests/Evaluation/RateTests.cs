using Orleans.Noken.Engine.Evaluation;

namespace Orleans.Noken.Engine.Tests.Evaluation;

public sealed class RateTests
{
    // Clopper–Pearson 95% intervals: beta quantiles computed independently (the regularized incomplete beta by its
    // continued fraction, not a binomial sum), to five decimals.
    [Theory]
    [InlineData(0, 10, 0.0, 0.30850)]
    [InlineData(5, 10, 0.18709, 0.81291)]
    [InlineData(10, 10, 0.69150, 1.0)]
    [InlineData(1, 100, 0.000253, 0.05446)]
    [InlineData(98, 400, 0.20362, 0.29019)]
    public void TheIntervalIsTheExactClopperPearsonOne(long hits, long samples, double lower, double upper)
    {
        var rate = new Rate(hits, samples);
        Assert.Equal(lower, rate.Lower, tolerance: 1e-5);
        Assert.Equal(upper, rate.Upper, tolerance: 1e-5);
        Assert.InRange(rate.Value, rate.Lower, rate.Upper);
    }

    [Fact]
    public void TheBinomialCdfSumsToOneAndMatchesASmallCaseByHand()
    {
        Assert.Equal(1.0, BinomialInterval.Cdf(10, 10, 0.3), 12);
        // P(X <= 1 | n = 3, p = 0.5) = (1 + 3) / 8
        Assert.Equal(0.5, BinomialInterval.Cdf(1, 3, 0.5), 12);
    }

    [Fact]
    public void ARateOfNothingSaysSoAndBadCountsAreRefused()
    {
        Assert.Equal("n/a (0 samples)", new Rate(0, 0).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rate(5, 4).Lower);
    }
}
