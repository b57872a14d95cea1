using Orleans.Noken.Silo.Hosting;

namespace Orleans.Noken.Silo.Tests.Hosting;

public sealed class NokenSiloOptionsTests
{
    [Fact]
    public void KubernetesHostingNeedsRedisClusteringAndThePodsEnvironment()
    {
        // This process is not a pod: none of the variables the chart sets from the downward API is here.
        Assert.Null(Environment.GetEnvironmentVariable("POD_NAME"));
        var options = new NokenSiloOptions { Kubernetes = true, Clustering = ClusteringKind.Localhost, GrainState = GrainStateKind.File };
        var problems = options.Problems();
        Assert.Contains(problems, p => p.Contains("Kubernetes hosting needs Redis clustering", StringComparison.Ordinal));
        foreach (var variable in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID" })
            Assert.Contains(problems, p => p.Contains($"environment variable {variable} is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void OutsideKubernetesThePodsEnvironmentIsNotAsked()
    {
        var options = new NokenSiloOptions { Clustering = ClusteringKind.Redis, GrainState = GrainStateKind.Redis, Redis = "127.0.0.1:6379" };
        Assert.Empty(options.Problems());
    }
}
