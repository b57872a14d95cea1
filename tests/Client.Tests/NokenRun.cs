using System.Diagnostics;
using System.Text;

namespace Orleans.Noken.Client.Tests;

/// <summary>
/// The real CLI as a running child process whose output can be waited on line by line: for tests that must act
/// while a command is in progress (kill a silo only once a watch has made its first poll, not before it started).
/// </summary>
public sealed class NokenRun : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _stdout = new(), _stderr = new();
    readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NokenRun(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "noken.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (_stdout) _stdout.AppendLine(line); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (_stderr) _stderr.AppendLine(line); };
        _process.Exited += (_, _) => _exited.TrySetResult();
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Waits until stdout has a line matching <paramref name="condition"/>; false if the process ended or the
    /// time ran out first.</summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.Split('\n').Any(l => condition(l.TrimEnd('\r')))) return true;
            if (_exited.Task.IsCompleted) return false;
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>The whole run, once the process has exited (killed, and the test failed, after <paramref name="timeout"/>).</summary>
    public async Task<NokenProcess.Result> CompletionAsync(TimeSpan timeout)
    {
        if (await Task.WhenAny(_exited.Task, Task.Delay(timeout)) != _exited.Task)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"noken did not finish within {timeout}:\n{Stdout}");
        }
        _process.WaitForExit(); // the redirected streams are complete only after the parameterless wait
        string stderr;
        lock (_stderr) stderr = _stderr.ToString();
        return new NokenProcess.Result(_process.ExitCode, Stdout, stderr);
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
