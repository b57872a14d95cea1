using Orleans.Noken.Silo.Tests.Infrastructure;
using Orleans.Noken.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Noken.Silo.Tests.Storage;

/// <summary>One single-silo cluster over one folder for the tests that need no restart (a start costs seconds).
/// Tests use their own grain keys, so they share it safely.</summary>
public sealed class SharedFileStorageCluster : IAsyncLifetime
{
    readonly TemporaryFolder parent = new();

    /// <summary>The folder that holds the storage folder and nothing else: whatever lands in it escaped.</summary>
    public string Parent => parent.Path;
    public string RootDirectory => Path.Combine(parent.Path, "state");
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await FileStorageCluster.StartAsync(RootDirectory, "noken-tests-" + Guid.NewGuid().ToString("N"));

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        parent.Dispose();
    }
}
