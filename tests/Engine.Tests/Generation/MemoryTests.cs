using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Generation;

/// <summary>Resident memory is process-wide, so this test runs alone: other tests' allocations would blur it.</summary>
[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryTestsCollection;

[Collection(nameof(MemoryTests))]
public sealed class MemoryTests
{
    static readonly DecodingOptions Greedy = new() { MaxNewTokens = 3, StopAtEos = false };

    [Fact]
    public void NativeMemoryStaysFlatOverManyShards()
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "llama");
        var prompts = GenerationFixture.Prompts(loaded);
        using var nokens = GenerationFixture.Nokens(loaded, 16);
        var generator = new ShardGenerator(loaded);
        void Shards(int count)
        {
            for (int i = 0; i < count; i++) generator.Run(new ShardRequest(nokens, prompts, Greedy));
        }
        Shards(20);
        // Two equal windows: a leak grows both by the same amount, while the allocator's one-off slack (64 MB top
        // pad, see NativeMemory) or another thread's late allocation lands in at most one. The smaller window is the
        // leak's lower bound.
        long start = ResidentBytes();
        Shards(150);
        long middle = ResidentBytes();
        Shards(150);
        long end = ResidentBytes();
        long grown = Math.Min(middle - start, end - middle);
        // 150 shards × 4 prompts × 3 steps: leaking one step's logits ([16, 300] fp32) would add ~35 MB per window
        // and a step's KV cache far more; half of that is the bar.
        Assert.True(grown < 17L << 20,
            $"resident memory grew by {(middle - start) >> 20} MB then {(end - middle) >> 20} MB over two windows of 150 shards");
    }

    static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var status = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
