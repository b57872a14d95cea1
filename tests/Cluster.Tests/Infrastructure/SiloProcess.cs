using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// One silo as its own process (<c>dotnet noken-silo.dll</c>), configured only through the environment, as a
/// Kubernetes pod would be. <see cref="Kill"/> is SIGKILL: no shutdown hooks, no goodbye to the cluster.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _log = new();

    SiloProcess(string name, Process process, Uri api)
    {
        Name = name;
        _process = process;
        Api = api;
    }

    public string Name { get; }
    public Uri Api { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }
    public bool HasExited => _process.HasExited;

    /// <param name="apiPort">The API's port (default: a free one); a silo restarted on the same port is, to a client,
    /// the same silo coming back.</param>
    public static async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null,
        int? apiPort = null)
    {
        int port = apiPort ?? FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "noken-silo.dll"));
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["Noken__Silo__Name"] = name;
        start.Environment["Noken__Silo__SiloPort"] = FreePort().ToString();
        start.Environment["Noken__Silo__GatewayPort"] = FreePort().ToString();
        start.Environment["Noken__Api__Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["NOKEN_TORCH_THREADS"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Orleans.Noken"] = "Information";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet noken-silo.dll");
        var silo = new SiloProcess(name, process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await silo.WaitHealthyAsync(timeout ?? TimeSpan.FromSeconds(90));
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
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"silo {Name} exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetAsync(new Uri(Api, "/healthz"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"silo {Name} did not become healthy in {timeout}:\n{Log}");
    }

    /// <summary>SIGKILL, the whole tree: what a preempted node or an OOM kill does.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
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
        _process.Dispose();
    }
}
