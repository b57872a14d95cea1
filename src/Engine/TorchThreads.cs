using TorchSharp;

namespace Orleans.Noken.Engine;

/// <summary>
/// How many threads libtorch's CPU kernels use. The default (every core) is right on a dedicated machine; on a
/// shared one, threads that spin at OpenMP barriers while another process holds a core can make a batched shard
/// ten times slower (measured here: 1 s with one thread, 16–18 s with two, while a training job ran beside it).
/// Setting <c>OMP_WAIT_POLICY=passive</c> in the environment softens that; fewer threads avoid it.
/// </summary>
public static class TorchThreads
{
    public const string EnvironmentVariable = "NOKEN_TORCH_THREADS";

    /// <summary>Applies <paramref name="threads"/>, else <c>NOKEN_TORCH_THREADS</c>, else leaves libtorch's default.</summary>
    public static void Configure(int? threads)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (threads is null && !string.IsNullOrWhiteSpace(fromEnvironment))
            threads = int.TryParse(fromEnvironment, out var parsed)
                ? parsed
                : throw new ArgumentException($"{EnvironmentVariable}='{fromEnvironment}' is not a whole number of threads");
        if (threads is null) return;
        if (threads < 1) throw new ArgumentException($"the number of torch threads must be at least 1 (got {threads})");
        torch.set_num_threads(threads.Value);
    }
}
