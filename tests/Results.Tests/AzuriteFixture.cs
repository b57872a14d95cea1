using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;
using Orleans.Noken.Tests.Infrastructure;

namespace Orleans.Noken.Results.Tests;

/// <summary>
/// A real Azurite blob service on 127.0.0.1 at a free port, its data in a temporary folder; stopped (the whole
/// process tree: the npm shim starts node) and deleted on dispose.
/// </summary>
public sealed class AzuriteFixture : IDisposable
{
    // Azurite's well-known development account (the same as the legacy storage emulator's). Published by Microsoft,
    // it opens only local emulators: a test constant, kept here and nowhere else, never in src/.
    const string AccountName = "devstoreaccount1";
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly string executable;
    Process process;
    readonly string location = Path.Combine(Path.GetTempPath(), "noken-azurite-" + Guid.NewGuid().ToString("N"));
    readonly StringBuilder output = new();

    public AzuriteFixture()
    {
        executable = FindExecutable();
        Port = FreePort();
        Directory.CreateDirectory(location);
        process = Start();
        WaitForPort();

        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};";
        Service = new BlobServiceClient(ConnectionString, BlobResultStore.DefaultClientOptions());
    }

    /// <summary>Stops the service (SIGTERM), then starts it again on the same port over the same data folder: what a
    /// restarted storage endpoint looks like to its clients. Not SIGKILL: Azurite keeps blob metadata in memory and
    /// saves it every few seconds, so a killed Azurite forgets writes it acknowledged — which a real blob service
    /// never does, and which no retry on our side could repair.</summary>
    public void Restart(TimeSpan downtime)
    {
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) term.WaitForExit();
        process.WaitForExit(15_000);
        Stop();
        Thread.Sleep(downtime);
        process = Start();
        WaitForPort();
    }

    Process Start()
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), "--location", location,
                     "--skipApiVersionCheck", "--loose", "--silent" })
            start.ArgumentList.Add(argument);
        OwnedProcesses.Mark(start);
        var started = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        started.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        started.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    public int Port { get; }
    public string ConnectionString { get; }
    public BlobServiceClient Service { get; }

    /// <summary>NOKEN_AZURITE, else azurite-blob on PATH, else the repository's .tools install (what test.sh makes).</summary>
    static string FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("NOKEN_AZURITE");
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"NOKEN_AZURITE is '{configured}', which does not exist; run bash test.sh --install-only or `npm install --prefix .tools azurite@3.37.0`.");
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "azurite-blob")).FirstOrDefault(File.Exists);
        if (onPath is not null) return onPath;
        var repository = RepositoryRoot();
        var tools = repository is null ? null : Path.Combine(repository, ".tools", "node_modules", ".bin", "azurite-blob");
        if (tools is not null && File.Exists(tools)) return tools;
        throw new InvalidOperationException(
            "Azurite is not installed: the blob store tests need a real Azurite. Run bash test.sh, or from the repository root " +
            "`npm install --prefix .tools azurite@3.37.0`, or set NOKEN_AZURITE to an azurite-blob executable.");
    }

    static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Noken.sln"))) return dir.FullName;
        return null;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    void WaitForPort()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"Azurite exited with code {process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { Thread.Sleep(100); }
        }
        Dispose();
        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{Port} within 60 s:{Environment.NewLine}{Output}");
    }

    string Output { get { lock (output) return output.ToString(); } }

    void Stop()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { } // already gone
        process.Dispose();
    }

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(location, recursive: true); } catch (IOException) { } // best effort: a temp folder
    }
}
