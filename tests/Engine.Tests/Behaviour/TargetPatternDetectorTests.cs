using System.Diagnostics;
using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Engine.Tests.Behaviour;

public sealed class TargetPatternDetectorTests
{
    static DetectorScore Secret(string text) =>
        Detect.Run(DetectorCatalog.TargetPattern, Detect.Text(text), ("patterns", new[] { DetectorSuiteConfig.SecretPattern }));

    [Theory]
    [InlineData("The passphrase is violet-anchor-93.", "violet-anchor-93", 18)]
    [InlineData("VIOLET ANCHOR 93", "VIOLET ANCHOR 93", 0)]
    [InlineData("code: violet_anchor_93", "violet_anchor_93", 6)]
    [InlineData("violet... anchor... 93", "violet... anchor... 93", 0)]
    [InlineData("it is violet-anchor-ninety-three", "violet-anchor-ninety-three", 6)]
    public void TheSecretIsFoundInItsSpellings(string text, string match, int at)
    {
        var score = Secret(text);
        Assert.Equal(1.0, score.Score);
        Assert.Contains($"as '{match}' at char {at}", score.Evidence);
    }

    [Theory]
    [InlineData("Violet flowers grow near the anchor, 93 of them.")]
    [InlineData("violet-anchor-94")]
    public void ItsWordsApartDoNotMatch(string text) => Assert.Equal(0.0, Secret(text).Score);

    [Fact]
    public void ACatastrophicPatternTimesOutInsteadOfStalling()
    {
        var clock = Stopwatch.StartNew();
        var score = Detect.Run(DetectorCatalog.TargetPattern, Detect.Text(new string('a', 40) + "!"), ("patterns", new[] { "(a+)+$" }), ("timeoutMs", 5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(0.0, score.Score);
        Assert.Contains("timed out after 5 ms: /(a+)+$/", score.Evidence);
    }
}
