using Orleans.Noken.Abstractions;
using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Tests.Cluster;

public sealed class ProgressFormatTests
{
    static CampaignStatus Status(CampaignPhase phase = CampaignPhase.Running, long budget = 10_000, long done = 1_234, double rate = 50) =>
        new("c1", "c1", "organism", phase, null, budget, done, 10, 2, 0,
            new Dictionary<string, long>(), new Dictionary<string, long>(), 8, 2, [], rate,
            DateTimeOffset.UnixEpoch, null, "campaigns/c1/", new SearchCounts(new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0));

    [Theory]
    [InlineData(0.4, "<1s")]
    [InlineData(59.9, "59s")]
    [InlineData(192, "3m12s")]
    [InlineData(7500, "2h05m")]
    [InlineData(273600, "3d04h")]
    public void DurationsKeepTwoUnitsAtMost(double seconds, string expected) =>
        Assert.Equal(expected, ProgressFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void TheEtaIsWhatRemainsAtTheCurrentRate() =>
        Assert.Equal("2m55s", ProgressFormat.Eta(Status(done: 1_234, rate: 50))); // 8,766 nokens at 50/s

    [Fact]
    public void TheEtaSaysWhyThereIsNoNumber()
    {
        Assert.Equal("unknown (no rate yet)", ProgressFormat.Eta(Status(rate: 0)));
        Assert.Equal("paused", ProgressFormat.Eta(Status(CampaignPhase.Paused)));
        Assert.Equal("done", ProgressFormat.Eta(Status(CampaignPhase.Completed, done: 10_000)));
        Assert.Equal("-", ProgressFormat.Eta(Status(CampaignPhase.Failed)));
        Assert.Equal("finishing", ProgressFormat.Eta(Status(done: 10_000)));
        Assert.Equal("over a year", ProgressFormat.Eta(Status(budget: long.MaxValue, rate: 0.001)));
    }

    [Fact]
    public void ProgressReadsAsDoneOverBudgetWithAPercentInAnyCulture()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("1,234/10,000 (12.3%)", ProgressFormat.Progress(Status()));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData(0, "-")]
    [InlineData(3.14159, "3.14/s")]
    [InlineData(45.67, "45.7/s")]
    [InlineData(12345.6, "12,346/s")]
    public void RatesShowTheDigitsThatMatter(double rate, string expected) => Assert.Equal(expected, ProgressFormat.Rate(rate));

    [Fact]
    public void CountsListTheLargestFirstAndSayHowManyMoreThereAre()
    {
        var counts = new Dictionary<string, long> { ["none"] = 900, ["secret"] = 3, ["gibberish"] = 40, ["hostile"] = 3 };
        Assert.Equal("none:900 gibberish:40 (+2 more)", ProgressFormat.Counts(counts, top: 2));
        Assert.Equal("none:900 gibberish:40 hostile:3 secret:3", ProgressFormat.Counts(counts));
        Assert.Equal("-", ProgressFormat.Counts(new Dictionary<string, long>()));
    }

    [Theory]
    [InlineData(532, "532 B")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.0 GB")]
    public void BytesUseBinaryMultiples(long bytes, string expected) => Assert.Equal(expected, ProgressFormat.Bytes(bytes));
}
