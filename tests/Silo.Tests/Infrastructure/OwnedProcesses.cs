using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Orleans.Noken.Tests.Infrastructure;

/// <summary>
/// The safety net under the test fixtures' own clean-up: every process a fixture starts (redis-server, Azurite, a
/// silo) carries <see cref="Variable"/> = this test host's <c>pid:start-time</c>, and the first fixture of a run kills
/// every marked process whose test host is gone — one killed by SIGKILL or a hang timeout, which no Dispose and no
/// exit handler survives. Such a leftover silo used to run on (parent PID 1) and break the next run. Processes of a
/// test host that is still running (another test project, in parallel) are never touched.
/// </summary>
internal static class OwnedProcesses
{
    public const string Variable = "NOKEN_TEST_OWNER";

    /// <summary>The same mark as a file in the process's working directory, for a process that overwrites its
    /// environment block (redis-server writes its process title there, so <c>/proc/PID/environ</c> loses it).</summary>
    const string MarkFile = ".noken-test-owner";

    /// <summary>This test host: <c>pid:start-time</c>, since a PID alone can be reused.</summary>
    public static readonly string Me = Identity(Environment.ProcessId) ?? Environment.ProcessId.ToString();

    static int _reaped;

    /// <summary>Marks a process about to start as this test host's (in its environment, and in its working directory
    /// if it has one of its own); reaps earlier runs' leftovers the first time.</summary>
    public static void Mark(ProcessStartInfo start)
    {
        if (Interlocked.Exchange(ref _reaped, 1) == 0) ReapOrphans();
        start.Environment[Variable] = Me;
        if (!string.IsNullOrEmpty(start.WorkingDirectory)) File.WriteAllText(Path.Combine(start.WorkingDirectory, MarkFile), Me);
    }

    /// <summary>SIGKILL to a whole process group (a process started through <c>setsid</c> leads its own).</summary>
    public static bool KillGroup(int leader) => OperatingSystem.IsLinux() && SendSignal(-leader, 9) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int SendSignal(int pid, int signal);

    /// <summary>Kills every marked process whose test host is no longer the process it names.</summary>
    public static void ReapOrphans()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId) continue;
            string? owner;
            try
            {
                owner = File.ReadAllText(Path.Combine(folder, "environ")).Split('\0')
                    .FirstOrDefault(v => v.StartsWith(Variable + "=", StringComparison.Ordinal))?[(Variable.Length + 1)..];
                var markFile = Path.Combine(folder, "cwd", MarkFile);
                if (owner is null && File.Exists(markFile)) owner = File.ReadAllText(markFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // gone, or not ours
            if (owner is null || !int.TryParse(owner.Split(':')[0], out var ownerPid) || Identity(ownerPid) == owner) continue;
            try
            {
                using var orphan = Process.GetProcessById(pid);
                orphan.Kill(entireProcessTree: true);
                orphan.WaitForExit(10_000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
    }

    /// <summary><c>pid:start-time</c> from <c>/proc/PID/stat</c> (field 22, counted after the parenthesised name).</summary>
    static string? Identity(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{pid}:{fields[19]}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException) { return null; }
    }
}
