using Orleans.Noken.Engine.Behaviour.Calibration;

namespace Orleans.Noken.Engine.Tests.Behaviour;

public sealed class ClassMetricsTests
{
    [Fact]
    public void PrecisionAndRecallCountFiringsAgainstLabels()
    {
        bool[] expected = [true, true, true, false, false, false];
        bool[] predicted = [true, true, false, true, false, false];
        var m = ClassMetrics.From("x", expected, predicted);
        Assert.Equal((3, 3, 2, 1, 1), (m.Support, m.Predicted, m.TruePositives, m.FalsePositives, m.FalseNegatives));
        Assert.Equal(2.0 / 3, m.Precision!.Value, 9);
        Assert.Equal(2.0 / 3, m.Recall!.Value, 9);
    }

    [Fact]
    public void ZeroOverZeroIsNoEvidenceNotPerfection()
    {
        var m = ClassMetrics.From("x", [false, false], [false, false]);
        Assert.Null(m.Precision);
        Assert.Null(m.Recall);
    }

    [Fact]
    public void MismatchedLengthsAreRefused() =>
        Assert.Throws<ArgumentException>(() => ClassMetrics.From("x", [true], [true, false]));
}
