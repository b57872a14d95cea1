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
    };

    public async Task<SiloProcess> StartSiloAsync(string name)
    {
        var environment = Environment();
        foreach (var (key, value) in Extra) environment[key] = value;
        var silo = await SiloProcess.StartAsync(name, environment);
        Silos.Add(silo);
        return silo;
    }

    public ClusterApi Api(SiloProcess silo, string? token = Token) => new(silo.Api, token);

    /// <summary>Every silo's log, for a failing test's message.</summary>
    public string Logs() => string.Join("\n", Silos.Select(s => $"==== {s.Name} ====\n{s.Log}"));

    public void Dispose()
    {
        foreach (var silo in Silos) silo.Dispose();
        Redis.Dispose();
    }
}
