using Orleans.Noken.Engine.Judging;

namespace Orleans.Noken.Engine.Tests.Judging;

public sealed class ShortlistTests
{
    static readonly double[] Scores = Enumerable.Range(0, 100).Select(i => (i * 37 % 100) / 100.0).ToArray();

    [Fact]
    public void TheTopScoresComeFirstThenADistinctSeededSample()
    {
        var chosen = Shortlist.Select(Scores, top: 5, random: 10, seed: 3);
        Assert.Equal(15, chosen.Count);
        Assert.Equal(15, chosen.Distinct().Count());
        var topFive = Enumerable.Range(0, 100).OrderByDescending(i => Scores[i]).Take(5);
        Assert.Equal(topFive, chosen.Take(5));
        Assert.Equal(chosen, Shortlist.Select(Scores, 5, 10, 3));
        Assert.NotEqual(chosen.Skip(5), Shortlist.Select(Scores, 5, 10, 4).Skip(5));
    }

    [Fact]
    public void AShortlistLongerThanTheSweepTakesEverythingOnce()
    {
        var chosen = Shortlist.Select(Scores.Take(6).ToArray(), top: 4, random: 10, seed: 1);
        Assert.Equal(Enumerable.Range(0, 6), chosen.Order());
    }
}
