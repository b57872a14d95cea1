using Orleans.Noken.Results.Tests;
using Orleans.Noken.Tests.Infrastructure;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// What every silo of a test shares: a real redis-server (durable, as a Redis with a volume runs) for membership and
/// grain state, a real Azurite for results, a cluster id and container of the test's own, and the API token.
/// </summary>
public sealed class ClusterServices : IDisposable
{
    public const string Token = "cluster-tests-token";

    public ClusterServices(AzuriteFixture azurite)
    {
        Azurite = azurite;
        Redis = RedisServer.Durable();
    }

    public AzuriteFixture Azurite { get; }
    public RedisServer Redis { get; }
    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..8];
    public string Container { get; } = "results-" + Guid.NewGuid().ToString("N")[..8];
    public List<SiloProcess> Silos { get; } = [];

    /// <summary>Settings every silo started from now on gets besides <see cref="Environment"/> (e.g. an OTLP endpoint).</summary>
    public Dictionary<string, string> Extra { get; } = [];

    public Dictionary<string, string> Environment() => new()
    {
        ["Noken__Silo__Clustering"] = "Redis",
        ["Noken__Silo__GrainState"] = "Redis",
        ["Noken__Silo__Redis"] = Redis.ConnectionString + ",abortConnect=false",
        ["Noken__Silo__ClusterId"] = ClusterId,
        ["Noken__Silo__ServiceId"] = ClusterId,
        ["Noken__Silo__ShutdownTimeout"] = "00:00:05",
        ["ResultStore__Kind"] = "Blob",
        ["ResultStore__ConnectionString"] = Azurite.ConnectionString,
        ["ResultStore__Container"] = Container,
        ["NOKEN_API_TOKEN"] = Token,
        ["Noken__Campaigns__LeaseDuration"] = "00:00:06",
        ["Noken__Campaigns__DeadSiloGrace"] = "00:00:02",
        ["Noken__Worker__PollInterval"] = "00:00:00.200",
        ["Noken__Worker__RetryFor"] = "00:02:00",
        // Declare a killed silo dead within seconds, not the production default's tens of seconds.
        ["Noken__Membership__ProbeTimeout"] = "00:00:01",
        ["Noken__Membership__NumMissedProbesLimit"] = "2",
        ["Noken__Membership__NumVotesForDeathDeclaration"] = "1",
        ["Noken__Membership__TableRefreshTimeout"] = "00:00:02",
        // When every silo was killed, nobody is left to declare the dead ones dead but a silo that is joining, and a
        // joining silo probes only entries that are suspected or stale (no IAmAlive for IAmAliveTablePublishTimeout ×
        // NumMissedTableIAmAliveLimit) while it validates connectivity with every Active entry. At the defaults
        // (30 s × 3, stale 60-90 s after the kill) the restarted silo took 84 s and 89 s to answer /healthz, against
        // the 90 s the test waited: the flaky "did not become healthy". Stale after 6 s here: it joined in 7-19 s, at
        // load averages up to 20 on 2 cores.
        ["Noken__Membership__IAmAliveTablePublishTimeout"] = "00:00:02",
        ["Noken__Membership__NumMissedTableIAmAliveLimit"] = "3",
        // A silo that cannot join gives up and exits (code 3) after this; the test waits for that verdict or /healthz.
        ["Noken__Membership__MaxJoinAttemptTime"] = Format(MaxJoinAttemptTime),
    };

    /// <summary>How long a silo tries to join the cluster before it exits: well above the 7-19 s a join took after
    /// every silo was killed (stale after 6 s, two 1 s probes, one retry), with room for a loaded machine.</summary>
    public static readonly TimeSpan MaxJoinAttemptTime = TimeSpan.FromMinutes(2);

    /// <summary>The backstop on a silo's start: its join, plus loading the model and the host on a busy machine. A
    /// silo that cannot join exits by itself before this.</summary>
    public static readonly TimeSpan StartTimeout = MaxJoinAttemptTime + TimeSpan.FromMinutes(2);

    static string Format(TimeSpan span) => span.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Start silos with the silo's own membership and lease defaults, as the README runs them: none of the
    /// shortened <c>Noken__Membership__*</c> and <c>Noken__Campaigns__Lease…</c>/<c>DeadSiloGrace</c> settings above.</summary>
    public bool ProductionDefaults { get; init; }

    static readonly string[] ShortenedForTests = ["Noken__Membership__", "Noken__Campaigns__LeaseDuration", "Noken__Campaigns__DeadSiloGrace"];

    public async Task<SiloProcess> StartSiloAsync(string name)
    {
        var environment = Environment();
        if (ProductionDefaults)
            foreach (var key in environment.Keys.Where(k => ShortenedForTests.Any(k.StartsWith)).ToList()) environment.Remove(key);
        foreach (var (key, value) in Extra) environment[key] = value;
        var silo = await SiloProcess.StartAsync(name, environment, StartTimeout);
        Silos.Add(silo);
        return silo;
    }

    public ClusterApi Api(SiloProcess silo, string? token = Token) => new(silo.Api, token);

    /// <summary>Every silo's log, for a failing test's message.</summary>
    public string Logs() => string.Join("\n", Silos.Select(s => $"==== {s.Name} ====\n{s.Log}"));

    /// <summary>Every silo (its whole process group) and Redis, each even if another could not be stopped.</summary>
    public void Dispose()
    {
        try
        {
            foreach (var silo in Silos)
            {
                try { silo.Dispose(); }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
            }
        }
        finally { Redis.Dispose(); }
    }
}
