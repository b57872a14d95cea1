using Orleans.Noken.Results.Tests;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>One Azurite for the cluster tests (each test has its own container); they run one after another, since
/// every test already keeps both cores busy with two silos.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "cluster";
}
