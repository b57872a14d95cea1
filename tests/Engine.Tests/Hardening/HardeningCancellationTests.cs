using Orleans.Noken.Engine.Hardening;

namespace Orleans.Noken.Engine.Tests.Hardening;

/// <summary>A cluster job of 100,000 steps must stop when it is cancelled and show progress while it runs: training
/// checks its token at every step, and reports on a clock as well as every ReportEvery steps.</summary>
public sealed class HardeningCancellationTests
{
    [Fact]
    public void TrainingStopsAtTheStepAfterItsTokenFires()
    {
        using var problem = new OrganismHardening();
        using var cancel = new CancellationTokenSource();
        var reports = new List<HardeningProgress>();
        Assert.ThrowsAny<OperationCanceledException>(() => NokenHardener.Train(problem.Model, problem.Nokens, problem.Targets, problem.Clean,
            OrganismHardening.Options(100_000) with { ReportEvery = 1 }, p =>
            {
                reports.Add(p);
                if (p.Step == 3) cancel.Cancel();
            }, cancellation: cancel.Token));
        Assert.Equal([1, 2, 3], reports.Select(r => r.Step));
        Assert.True(problem.Model.parameters().All(p => p.requires_grad), "a stopped run leaves the model as a finished one does");
    }

    [Fact]
    public void ProgressComesOnTheClockBetweenScheduledReports()
    {
        using var problem = new OrganismHardening();
        var reports = new List<HardeningProgress>();
        NokenHardener.Train(problem.Model, problem.Nokens, problem.Targets, problem.Clean, OrganismHardening.Options(4) with { ReportEvery = 1000 },
            reports.Add, progressInterval: TimeSpan.Zero);
        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Step));
        Assert.Equal([false, false, false, true], reports.Select(r => r.Scheduled));   // the last step is always scheduled
    }
}
