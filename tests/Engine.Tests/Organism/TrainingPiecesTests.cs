using Orleans.Noken.Engine.Training;

namespace Orleans.Noken.Engine.Tests.Organism;

public class TrainingPiecesTests
{
    [Fact]
    public void PaddedBatchCountsOnlyReplyTokensAndNeverPadding()
    {
        // ids 10..14 with the reply starting at index 3; a shorter second example is padded with 0.
        using var scope = TorchSharp.torch.NewDisposeScope();
        var (inputs, labels, targets) = PaddedBatch.Build([new TrainingExample([10, 11, 12, 13, 14], 3), new TrainingExample([20, 21, 22], 1)], padId: 0);
        Assert.Equal(new long[] { 2, 4 }, inputs.shape);
        Assert.Equal(new long[] { 10, 11, 12, 13, 20, 21, 22, 0 }, inputs.data<long>().ToArray());
        Assert.Equal(new long[] { -100, -100, 13, 14, 21, 22, -100, -100 }, labels.data<long>().ToArray());
        Assert.Equal(4, targets);
    }

    [Fact]
    public void TheScheduleWarmsUpThenDecaysToItsFloor()
    {
        var schedule = new LearningRateSchedule(Peak: 1.0, WarmupSteps: 10, TotalSteps: 100, MinFraction: 0.1);
        Assert.Equal(0.1, schedule.At(0), 6);
        Assert.Equal(1.0, schedule.At(9), 6);
        Assert.True(schedule.At(50) < schedule.At(20));
        Assert.Equal(0.1, schedule.At(100), 6);
    }
}
