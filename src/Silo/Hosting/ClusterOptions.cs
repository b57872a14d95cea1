namespace Orleans.Noken.Silo.Hosting;

/// <summary>How silos find each other.</summary>
public enum ClusteringKind
{
    /// <summary>One process, no services: <c>noken run</c>.</summary>
    Localhost,

    /// <summary>Membership in Redis: every real cluster.</summary>
    Redis,
}

/// <summary>Where coordinators keep their state.</summary>
public enum GrainStateKind
{
    /// <summary>Lost with the process: tests of grain logic only.</summary>
    Memory,

    /// <summary>One file per grain in <see cref="NokenSiloOptions.StateFolder"/>: <c>noken run</c>, resumable.</summary>
    File,

    /// <summary>Redis: every real cluster.</summary>
    Redis,
}

/// <summary>
/// The silo's place in a cluster, bound from the <c>Noken:Silo</c> section (environment: <c>Noken__Silo__Redis=…</c>).
/// The Redis connection string may carry a password: it comes from configuration or the environment (a Kubernetes
/// Secret), never from the repository.
/// </summary>
public sealed class NokenSiloOptions
{
    public const string SectionName = "Noken:Silo";

    public ClusteringKind Clustering { get; set; } = ClusteringKind.Localhost;
    public GrainStateKind GrainState { get; set; } = GrainStateKind.Memory;

    /// <summary>StackExchange.Redis configuration ("host:port,password=…"), for Redis clustering or state.</summary>
    public string? Redis { get; set; }

    public string StateFolder { get; set; } = Path.Combine(".noken", "state");
    public string ClusterId { get; set; } = "noken";
    public string ServiceId { get; set; } = "orleans-noken";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The silo's name in leases and status (default: host name and process id).</summary>
    public string? Name { get; set; }

    /// <summary>
    /// On Kubernetes (<c>Microsoft.Orleans.Hosting.Kubernetes</c>): the silo's name, address and cluster/service ids
    /// come from the pod (env <c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c>, <c>ORLEANS_CLUSTER_ID</c>,
    /// <c>ORLEANS_SERVICE_ID</c>; the chart sets them), and silos whose pods are gone are declared dead without waiting
    /// for probes. Needs RBAC on pods (the chart's Role). <see cref="ClusterId"/>, <see cref="ServiceId"/> and
    /// <see cref="Name"/> are then ignored.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>How long a stopping silo waits for its running shard to finish and be reported.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        bool needsRedis = Clustering == ClusteringKind.Redis || GrainState == GrainStateKind.Redis;
        if (needsRedis && string.IsNullOrWhiteSpace(Redis))
            problems.Add($"{SectionName}:Redis: a connection string is required for Redis clustering or grain state (env Noken__Silo__Redis)");
        if (GrainState == GrainStateKind.File && string.IsNullOrWhiteSpace(StateFolder)) problems.Add($"{SectionName}:StateFolder: is required for file grain state");
        if (SiloPort is < 1 or > 65535) problems.Add($"{SectionName}:SiloPort: {SiloPort} is not a port");
        if (GatewayPort is < 1 or > 65535) problems.Add($"{SectionName}:GatewayPort: {GatewayPort} is not a port");
        if (Kubernetes && Clustering != ClusteringKind.Redis)
            problems.Add($"{SectionName}:Kubernetes: Kubernetes hosting needs Redis clustering (it names silos; it does not find them)");
        if (Kubernetes)
            foreach (var variable in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID" })
                if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
                    problems.Add($"{SectionName}:Kubernetes: the environment variable {variable} is not set (the chart sets it from the pod)");
        if (Clustering == ClusteringKind.Redis && GrainState == GrainStateKind.Memory)
            problems.Add($"{SectionName}:GrainState: Memory state on a Redis cluster would lose every campaign with its silo (use Redis)");
        return problems;
    }
}
