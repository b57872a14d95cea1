using System.Runtime.InteropServices;
using TorchSharp;

namespace Orleans.Noken.Engine;

/// <summary>
/// How many threads libtorch's CPU kernels use. The default (every core) is right on a dedicated machine; on a
/// shared one, threads that spin at OpenMP barriers while another process holds a core can make a batched shard
/// ten times slower (measured here: 1 s with one thread, 16–18 s with two, while a training job ran beside it).
/// Passive OpenMP waiting (<c>OMP_WAIT_POLICY=passive</c>, threads sleep at barriers instead of spinning) avoids most
/// of that, so it is the default unless the environment says otherwise: the README's first command took 910 s with
/// spinning threads and 165 s with passive ones at a load of 10 on 2 cores (<c>/tmp/threads-bench.sh</c> in the issue-15 note).
/// </summary>
public static class TorchThreads
{
    public const string EnvironmentVariable = "NOKEN_TORCH_THREADS";
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";

    /// <summary>
    /// Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the process environment unless it is already set. OpenMP reads it once,
    /// when libtorch's runtime loads, so this must run first thing in <c>Main</c>, before any torch call; it goes through
    /// libc's <c>setenv</c> because .NET's own environment block on Unix is not the one native code reads.
    /// </summary>
    /// <returns>The policy in force for native code.</returns>
    public static string PreferPassiveWaiting()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return Environment.GetEnvironmentVariable(WaitPolicyVariable) ?? "";
        if (Marshal.PtrToStringUTF8(NativeEnvironment.getenv(WaitPolicyVariable)) is { Length: > 0 } set) return set;
        if (NativeEnvironment.setenv(WaitPolicyVariable, "PASSIVE", 0) != 0) return "";
        return Marshal.PtrToStringUTF8(NativeEnvironment.getenv(WaitPolicyVariable)) ?? "";
    }

    static class NativeEnvironment
    {
        [DllImport("libc", CharSet = CharSet.Ansi)] public static extern int setenv(string name, string value, int overwrite);
        [DllImport("libc", CharSet = CharSet.Ansi)] public static extern IntPtr getenv(string name);
    }

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
