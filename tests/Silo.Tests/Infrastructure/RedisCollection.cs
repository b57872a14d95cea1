using Orleans.Noken.Tests.Infrastructure;
namespace Orleans.Noken.Silo.Tests.Infrastructure;

/// <summary>One redis-server for every test class that needs Redis; they run one after another, so a test that
/// kills or restarts it disturbs no other.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
