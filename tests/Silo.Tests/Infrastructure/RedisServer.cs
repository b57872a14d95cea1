using Orleans.Noken.Tests.Infrastructure;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Noken.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1 at a free port, for tests of Orleans' Redis clustering and grain storage;
/// an xunit collection fixture (<see cref="RedisCollection"/>). <see cref="Kill"/> and <see cref="Restart"/> inject
/// faults: the server runs without persistence (<c>--save "" --appendonly no</c>), so it comes back empty, like a
/// Redis pod without a volume, unless <see cref="Save"/> wrote a snapshot first.
/// </summary>
public sealed class RedisServer : IDisposable
{
    const string EnvironmentVariable = "NOKEN_REDIS_SERVER";
    const string DebianPath = "/usr/bin/redis-server";
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    readonly object gate = new();
    readonly string executable;
    readonly string folder = Path.Combine(Path.GetTempPath(), "noken-redis-" + Guid.NewGuid().ToString("N"));
    readonly StringBuilder output = new();
    Process? process;

    readonly bool durable;

    // One public constructor: xunit builds collection fixtures through it.
    public RedisServer() : this(durable: false) { }

    /// <summary>Append-only file with an fsync per write, as a Redis with a volume runs in production: a kill and
    /// restart keeps every acknowledged write.</summary>
    public static RedisServer Durable() => new(durable: true);

    RedisServer(bool durable)
    {
        this.durable = durable;
        executable = Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), Environment.GetEnvironmentVariable("PATH"));
        Directory.CreateDirectory(folder);
        // A free port can be taken between our probe and Redis's bind: try a few before giving up.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                Start();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3) { }
        }
    }

    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis connection string, e.g. for <c>UseRedisClustering(connectionString)</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Whether the server answers PING now.</summary>
    public bool Ping()
    {
        try { return Command("PING") == "+PONG"; }
        catch (Exception e) when (e is SocketException or IOException) { return false; }
    }

    /// <summary>Writes a snapshot to the server's folder, which the next <see cref="Restart"/> loads.</summary>
    public void Save()
    {
        var reply = Command("SAVE");
        if (reply != "+OK") throw new InvalidOperationException($"redis-server refused SAVE: {reply}");
    }

    /// <summary>Kills the server with SIGKILL: no shutdown, no snapshot, clients see their connections drop.</summary>
    public void Kill()
    {
        lock (gate)
        {
            if (process is null) return;
            try
            {
                if (!process.HasExited) process.Kill(); // SIGKILL on Unix
                process.WaitForExit();
            }
            catch (InvalidOperationException) { } // already gone
            process.Dispose();
            process = null;
        }
    }

    /// <summary>Kills the server if it runs, then starts it again on the same port and waits until it answers.</summary>
    public void Restart()
    {
        lock (gate)
        {
            Kill();
            Start();
        }
    }

    public void Dispose()
    {
        Kill();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } // best effort: a temp folder
    }

    /// <summary>The redis-server to run: <c>$NOKEN_REDIS_SERVER</c> if set, else the first on PATH, else Debian's.</summary>
    public static string Locate(string? configured, string? path)
    {
        if (!string.IsNullOrEmpty(configured))
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{EnvironmentVariable}={configured}, but there is no such file.");
        var onPath = (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);
        if (onPath is not null) return onPath;
        if (File.Exists(DebianPath)) return DebianPath;
        throw new InvalidOperationException(
            "redis-server is not installed: the Redis clustering and storage tests need a real one. Run bash test.sh, or " +
            $"`apt-get install -y redis-server` (it does not start the service; the tests start their own), or set {EnvironmentVariable}.");
    }

    void Start()
    {
        lock (output) output.Clear();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        OwnedProcesses.Mark(start);
        string[] persistence = durable ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--dir", folder }.Concat(persistence))
            start.ArgumentList.Add(argument);
        var started = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        started.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        started.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        WaitForPong(started);
    }

    void WaitForPong(Process started)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (started.HasExited)
            {
                Kill();
                throw new InvalidOperationException($"redis-server exited with code {started.ExitCode}:{Environment.NewLine}{Output}");
            }
            if (Ping()) return;
            Thread.Sleep(50);
        }
        Kill();
        throw new TimeoutException($"redis-server did not answer PING on {ConnectionString} within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output}");
    }

    // One inline command, one reply line: enough for PING and SAVE, no client library needed.
    string Command(string command)
    {
        using var client = new TcpClient();
        client.ReceiveTimeout = client.SendTimeout = 5_000;
        client.Connect(IPAddress.Loopback, Port);
        using var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes(command + "\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return reader.ReadLine() ?? throw new IOException($"redis-server closed the connection on {command}");
    }

    string Output { get { lock (output) return output.ToString(); } }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
