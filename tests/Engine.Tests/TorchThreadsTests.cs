using System.Runtime.InteropServices;

namespace Orleans.Noken.Engine.Tests;

/// <summary>Passive OpenMP waiting is the default, set where native code reads it, and a policy the user set wins.</summary>
public class TorchThreadsTests
{
    [DllImport("libc", CharSet = CharSet.Ansi)] static extern IntPtr getenv(string name);

    [Fact]
    public void PassiveWaitingIsSetForNativeCodeUnlessTheEnvironmentAlreadyChose()
    {
        var chosen = Environment.GetEnvironmentVariable(TorchThreads.WaitPolicyVariable);
        var policy = TorchThreads.PreferPassiveWaiting();

        Assert.Equal(string.IsNullOrEmpty(chosen) ? "PASSIVE" : chosen, policy);
        Assert.Equal(policy, Marshal.PtrToStringUTF8(getenv(TorchThreads.WaitPolicyVariable)));   // what libgomp will read
        Assert.Equal(policy, TorchThreads.PreferPassiveWaiting());                                  // idempotent: never overwrites
    }
}
