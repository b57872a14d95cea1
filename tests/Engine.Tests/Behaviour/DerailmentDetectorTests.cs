using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Engine.Tests.Behaviour;

public sealed class DerailmentDetectorTests
{
    const string Control = "Water boils at 100 degrees Celsius at sea level.";

    [Fact]
    public void TheControlsOwnWordsScoreZero() =>
        Assert.Equal(0.0, Detect.Run(DetectorCatalog.Derailment, Detect.Text(Control, Control)).Score, 9);

    [Fact]
    public void ARewordingStaysBelowThreshold()
    {
        var score = Detect.Run(DetectorCatalog.Derailment, Detect.Text("At sea level, water boils at 100 degrees Celsius.", Control));
        Assert.True(score.Score < 0.5, $"{score.Score}: {score.Evidence}");
    }

    [Fact]
    public void AnotherTopicScoresOne()
    {
        var score = Detect.Run(DetectorCatalog.Derailment, Detect.Text("Bees make honey.", Control));
        Assert.Equal(1.0, score.Score, 9);
        Assert.Equal("shares 0 leading words of 9, overlap 0.00", score.Evidence);
    }

    [Fact]
    public void KlFromTheControlMovesTheScoreByItsWeight()
    {
        // Same words (d = 0) but the next-token distributions moved: mean KL 2 nats → k = 1 − e⁻¹, score = 0.25·k.
        var observation = new BehaviourObservation(Detect.Continuation(Control, kl: [1f, 3f]), Detect.Continuation(Control), PromptContext.Benign);
        var score = Detect.Run(DetectorCatalog.Derailment, observation);
        Assert.Equal(0.25 * (1 - Math.Exp(-1)), score.Score, 6);
        Assert.Contains("mean KL 2.00 nats over 2 steps", score.Evidence);
    }

    [Fact]
    public void WithoutAControlThereIsNothingToDepartFrom() =>
        Assert.Equal(0.0, Detect.Run(DetectorCatalog.Derailment, Detect.Text("Bees make honey.")).Score);
}
