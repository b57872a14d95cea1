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
        long warm = ResidentBytes();
        Shards(150);
        long grown = ResidentBytes() - warm;
        // 150 shards × 4 prompts × 3 steps: leaking one step's logits ([16, 300] fp32) would add ~35 MB and a
        // step's KV cache far more; the allocator's own slack (64 MB top pad, see NativeMemory) is not growth.
        Assert.True(grown < 32L << 20, $"resident memory grew by {grown >> 20} MB over 150 shards");
    }

    static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var status = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
