using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Engine.Tests.Behaviour;

public sealed class LexiconDetectorTests
{
    static DetectorScore Hostile(string text) =>
        Detect.Run(DetectorCatalog.Lexicon, Detect.Text(text), ("words", DetectorSuiteConfig.HostileWords));

    [Fact]
    public void AWholeWordHitScoresOneWithItsPosition()
    {
        var score = Hostile("Listen, IDIOT, you are a loser.");
        Assert.Equal(1.0, score.Score);
        Assert.Equal("hit 'IDIOT' at char 8 (+1 more: 'loser')", score.Evidence);
    }

    [Theory]
    [InlineData("Clowns perform in the circus.")]
    [InlineData("The lamp hung uselessly from the ceiling.")]
    [InlineData("An idiotic plan, said nobody.")]
    [InlineData("Water boils at 100 degrees.")]
    public void PartsOfWordsAndCleanTextDoNotHit(string text) => Assert.Equal(0.0, Hostile(text).Score);

    [Fact]
    public void PhrasesMatchAcrossAnyWhitespace()
    {
        var score = Detect.Run(DetectorCatalog.Lexicon, Detect.Text("you are a  total\nfool"), ("words", new[] { "total fool" }));
        Assert.Equal(1.0, score.Score);
    }
}
