using System.Runtime.InteropServices;

namespace Orleans.Noken.Engine;

/// <summary>
/// Keeps glibc from returning every large libtorch buffer to the kernel. Decoding allocates a few logits-sized
/// buffers per step; by default glibc serves them with fresh mmaps, so each step pays page faults and kernel
/// zeroing for tens of MB (measured: log-softmax of [256, 50257] fp32 took 90 ms instead of 4 ms). With a fixed
/// 32 MB mmap threshold (glibc's maximum) and a high trim threshold, freed buffers are reused from the heap.
/// The engine also keeps its per-step vocabulary-sized temporaries under 32 MB by working in row chunks.
/// </summary>
public static class NativeMemory
{
    const int MallocTrimThreshold = -1, MallocTopPad = -2, MallocMmapThreshold = -3;
    public const long MmapThresholdBytes = 32L << 20;

    static int _applied;

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int Mallopt(int parameter, int value);

    public static void Tune()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _applied, 1) == 1) return;
        try
        {
            Mallopt(MallocMmapThreshold, (int)MmapThresholdBytes);
            Mallopt(MallocTrimThreshold, 1 << 30);
            Mallopt(MallocTopPad, 64 << 20);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to tune; correctness does not depend on it.
        }
    }
}
