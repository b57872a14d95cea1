using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Engine.Tests.Behaviour;

public sealed class SilenceDetectorTests
{
    [Fact]
    public void EosAsTheFirstTokenIsSilence()
    {
        var score = Detect.Run(DetectorCatalog.Silence, new BehaviourObservation(Detect.Continuation(""), null, PromptContext.Benign));
        Assert.Equal(1.0, score.Score);
        Assert.Equal("ended at once (EOS first)", score.Evidence);
    }

    [Fact]
    public void WhitespaceOnlyIsSilence()
    {
        var score = Detect.Run(DetectorCatalog.Silence, new BehaviourObservation(Detect.Continuation(" \n", [220, 198]), null, PromptContext.Benign));
        Assert.Equal(1.0, score.Score);
        Assert.Contains("whitespace only (2 chars, then EOS)", score.Evidence);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("Paris.")]
    public void AnyVisibleTextIsNotSilence(string text) =>
        Assert.Equal(0.0, Detect.Run(DetectorCatalog.Silence, Detect.Text(text)).Score);

    [Fact]
    public void AZeroWidthSpaceIsAsInvisibleAsWhitespace() =>
        Assert.Equal(1.0, Detect.Run(DetectorCatalog.Silence, Detect.Text("\u200b ")).Score);
}
