using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Benchmarks;

/// <summary>What a plain libtorch matmul reaches on this machine in a given dtype: the ceiling the engine's
/// efficiency is quoted against. Takes the best of a few square sizes, each run until it has taken ~0.5 s.</summary>
public static class MatmulBaseline
{
    public static double Gflops(ScalarType dtype, Device device)
    {
        double best = 0;
        foreach (var n in new[] { 512, 1024, 2048 })
        {
            using var scope = torch.NewDisposeScope();
            var a = torch.randn([n, n], ScalarType.Float32).to(dtype, device);
            var b = torch.randn([n, n], ScalarType.Float32).to(dtype, device);
            torch.matmul(a, b).Dispose(); // warm-up
            var clock = Stopwatch.StartNew();
            int runs = 0;
            while (clock.Elapsed.TotalSeconds < 0.5)
            {
                torch.matmul(a, b).Dispose();
                runs++;
            }
            best = Math.Max(best, 2.0 * n * n * n * runs / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }
}
