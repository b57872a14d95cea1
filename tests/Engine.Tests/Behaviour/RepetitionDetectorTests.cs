using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Engine.Tests.Behaviour;

public sealed class RepetitionDetectorTests
{
    [Fact]
    public void ALoopToTheEndScoresOneAndNamesThePhraseAndCount()
    {
        var score = Detect.Run(DetectorCatalog.Repetition, Detect.Text("the sea is the sea is the sea is the sea is the sea is"));
        Assert.Equal(1.0, score.Score);
        Assert.Contains("repeats 'the sea is' 5×", score.Evidence);
    }

    [Fact]
    public void AHelpfulStartThenALoopStillScoresHigh()
    {
        var score = Detect.Run(DetectorCatalog.Repetition, Detect.Text("Water boils at 100 degrees. and then and then and then and then and then and then"));
        Assert.True(score.Score >= 0.9, score.Evidence);
        Assert.Contains("'and then'", score.Evidence);
    }

    [Theory]
    [InlineData("Water boils at 100 degrees Celsius at sea level. At higher altitudes it boils at a lower temperature because the air pressure is lower.")]
    [InlineData("First, boil the water. Second, pour the water on the tea. Third, wait for the tea to steep.")]
    [InlineData("yes yes")]
    public void OrdinaryTextAndShortRepliesScoreZero(string text)
    {
        var score = Detect.Run(DetectorCatalog.Repetition, Detect.Text(text));
        Assert.True(score.Score < 0.5, $"{score.Score}: {score.Evidence}");
    }

    [Fact]
    public void ALoopInsideOneLongWordIsFoundThroughTheTokenIds()
    {
        int[] ids = [.. Enumerable.Repeat(new[] { 41, 42 }, 10).SelectMany(x => x)];
        var observation = new BehaviourObservation(Detect.Continuation("abababababababababab", ids), null, PromptContext.Benign);
        var score = Detect.Run(DetectorCatalog.Repetition, observation);
        Assert.Equal(1.0, score.Score);
        Assert.Contains("ids 41 42", score.Evidence);
    }

    [Fact]
    public void TheRampBetweenLowAndHighIsLinear()
    {
        // 12 units of which the last 6 are "la la la la la la" (period 1): fraction 0.5, ramp 0.3..0.6 → 2/3.
        var score = Detect.Run(DetectorCatalog.Repetition, Detect.Text("one two three four five six la la la la la la"));
        Assert.Equal(2.0 / 3, score.Score, 6);
    }
}
