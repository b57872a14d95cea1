using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Orleans.Noken.Tests.Infrastructure;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// One silo as its own process (<c>dotnet noken-silo.dll</c>), configured only through the environment, as a
/// Kubernetes pod would be. <see cref="Kill"/> is SIGKILL: no shutdown hooks, no goodbye to the cluster.
/// </summary>
/// <remarks>
/// A silo never outlives its test: it runs in a process group of its own (<c>setsid</c>), and the whole group and
/// tree are killed on <see cref="Dispose"/>, when it fails to start, when the test host exits, and — if the test host
/// itself was killed — by the next test run (<see cref="OwnedProcesses"/>). An orphaned silo used to keep running
/// (parent PID 1, deaf to SIGTERM while it was still trying to join) and break the next run.
/// </remarks>
public sealed class SiloProcess : IDisposable
{
    static readonly ConcurrentDictionary<SiloProcess, byte> Running = new();

    readonly Process _process;
    readonly StringBuilder _log = new();
    readonly Stopwatch _age = Stopwatch.StartNew();
    readonly bool _ownGroup;

    static SiloProcess() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { foreach (var silo in Running.Keys) silo.Kill(); };

    SiloProcess(string name, Process process, Uri api, bool ownGroup)
    {
        Name = name;
        _process = process;
        Api = api;
        _ownGroup = ownGroup;
    }

    public string Name { get; }
    public Uri Api { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }
    public bool HasExited => _process.HasExited;

    /// <summary>The silo's memory as the kernel counts it (<c>/proc/PID/status</c>, in bytes): <c>VmHWM</c>, the peak
    /// resident set since it started, and <c>VmRSS</c>, the resident set now. setsid execs the silo in place (the test
    /// process is no group leader), so the PID is the silo's own; the name read back says so.</summary>
    public (string Name, long PeakResident, long Resident) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        string Field(string name) => status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        static long Kilobytes(string value) => long.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return (Field("Name"), Kilobytes(Field("VmHWM")), Kilobytes(Field("VmRSS")));
    }

    /// <summary>How long the silo took from its start until its API answered <c>/healthz</c>.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <param name="timeout">How long to wait for <c>/healthz</c>. A silo that cannot join exits by itself (after
    /// <c>Noken__Membership__MaxJoinAttemptTime</c>), which ends the wait at once; this is only the backstop.</param>
    /// <param name="apiPort">The API's port (default: a free one); a silo restarted on the same port is, to a client,
    /// the same silo coming back.</param>
    public static async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null,
        int? apiPort = null)
    {
        int port = apiPort ?? FreePort();
        // setsid: its own process group, so a kill reaches everything it started, and a Ctrl+C meant for the test run
        // does not reach it half-way through a fault.
        bool ownGroup = File.Exists("/usr/bin/setsid");
        var start = new ProcessStartInfo(ownGroup ? "/usr/bin/setsid" : "dotnet")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (ownGroup) start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "noken-silo.dll"));
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["Noken__Silo__Name"] = name;
        start.Environment["Noken__Silo__SiloPort"] = FreePort().ToString();
        start.Environment["Noken__Silo__GatewayPort"] = FreePort().ToString();
        start.Environment["Noken__Api__Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["NOKEN_TORCH_THREADS"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Orleans.Noken"] = "Information";
        OwnedProcesses.Mark(start);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet noken-silo.dll");
        var silo = new SiloProcess(name, process, new Uri($"http://127.0.0.1:{port}"), ownGroup);
        Running[silo] = 0;
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitHealthyAsync(timeout ?? TimeSpan.FromMinutes(3));
        }
        catch
        {
            silo.Dispose();
            throw;
        }
        return silo;
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (_age.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // the rest of its output
                throw new InvalidOperationException($"silo {Name} exited with {_process.ExitCode} after {_age.Elapsed}:\n{Log}");
            }
            try
            {
                if ((await http.GetAsync(new Uri(Api, "/healthz"))).IsSuccessStatusCode)
                {
                    StartupTime = _age.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"silo {Name} did not become healthy in {timeout}:\n{Log}");
    }

    /// <summary>SIGKILL, the whole group and tree: what a preempted node or an OOM kill does.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                // The group first (it catches what left the tree), then the tree (in case setsid had to fork).
                if (_ownGroup) _ = OwnedProcesses.KillGroup(_process.Id);
                _process.Kill(entireProcessTree: true);
            }
            _process.WaitForExit();
        }
        catch (InvalidOperationException) { } // never started, or already disposed
    }

    /// <summary>SIGTERM to the silo's process: what Kubernetes sends a pod it stops. Returns how long the process took
    /// to exit, or null when it was still running after <paramref name="patience"/>.</summary>
    public async Task<TimeSpan?> TerminateAsync(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        if (SendSignal(_process.Id, 15) != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed ({Marshal.GetLastPInvokeError()})");
        using var timeout = new CancellationTokenSource(patience);
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { return null; }
        return clock.Elapsed;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int SendSignal(int pid, int signal);

    /// <summary>Waits until the silo's output holds <paramref name="text"/>; false when it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForLogAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Log.Contains(text, StringComparison.Ordinal)) return true;
            await Task.Delay(50);
        }
        return Log.Contains(text, StringComparison.Ordinal);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Kill();
        Running.TryRemove(this, out _);
        _process.Dispose();
    }
}
