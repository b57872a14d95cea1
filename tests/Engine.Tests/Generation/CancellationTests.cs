using System.Diagnostics;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Tests.Checkpoints;
using TorchSharp;

namespace Orleans.Noken.Engine.Tests.Generation;

/// <summary>A shard's decode stops at its next step when its token fires, and leaves no tensor behind: a cancelled
/// campaign hands the model thread back within seconds, however long its decode would have run.</summary>
public sealed class CancellationTests
{
    [Fact]
    public void ACancelledShardStopsWithinAStepAndDisposesEveryTensor()
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "llama", c => c with { MaxPositions = 4096 });
        var prompts = GenerationFixture.Prompts(loaded);
        using var nokens = GenerationFixture.Nokens(loaded, 64);
        var generator = new ShardGenerator(loaded);
        var endless = new DecodingOptions { MaxNewTokens = 4000, StopAtEos = false };
        generator.Run(new ShardRequest(nokens, prompts, endless with { MaxNewTokens = 2 }));   // warm: lazily made tensors exist now
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Run(new ShardRequest(nokens, prompts, endless) { Cancellation = cancel.Token }));
        // 4 prompts × 4,000 steps over 64 rows is minutes here; a step is milliseconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the decode stopped {clock.Elapsed.TotalSeconds:F1} s after it started (cancelled at 0.3 s)");
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void AnAlreadyCancelledShardRunsNoStep()
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "gpt2");
        using var nokens = GenerationFixture.Nokens(loaded, 4);
        var generator = new ShardGenerator(loaded);
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Run(
            new ShardRequest(nokens, GenerationFixture.Prompts(loaded), new DecodingOptions()) { Cancellation = new CancellationToken(canceled: true) }));
        Assert.Equal(0, generator.GeneratedTokens);
    }
}
