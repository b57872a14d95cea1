using Orleans.Noken.Silo.Tests.Infrastructure;
using Orleans.Noken.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orleans.Noken.Silo.Tests.Redis;

/// <summary>The redis-server fixture itself: the fault-injection tests rely on Kill and Restart doing what they say.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisServerTests(RedisServer redis)
{
    [Fact]
    public void AKilledServerComesBackEmptyOnTheSamePort()
    {
        var port = redis.Port;
        Set("fault-injection", "before the kill");

        redis.Kill();
        Assert.False(redis.Ping());
        redis.Restart();

        Assert.Equal(port, redis.Port);
        Assert.True(redis.Ping());
        Assert.Null(Get("fault-injection")); // no persistence: a restart loses everything
    }

    [Fact]
    public void ARestartAfterASaveKeepsTheData()
    {
        Set("saved", "kept");
        redis.Save();

        redis.Restart();

        Assert.Equal("kept", Get("saved"));
    }

    [Fact]
    public void AConfiguredRedisServerThatDoesNotExistIsReportedByTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisServer.Locate("/nonexistent/redis-server", null));

        Assert.Contains("NOKEN_REDIS_SERVER=/nonexistent/redis-server", error.Message);
    }

    [Fact]
    public void ARedisServerOnPathIsPreferredToDebiansDefault()
    {
        using var folder = new TemporaryFolder();
        var onPath = Path.Combine(folder.Path, "redis-server");
        File.WriteAllText(onPath, "");

        Assert.Equal(onPath, RedisServer.Locate(null, "/nonexistent" + Path.PathSeparator + folder.Path));
    }

    void Set(string key, string value)
    {
        using var connection = ConnectionMultiplexer.Connect(redis.ConnectionString);
        connection.GetDatabase().StringSet(key, value);
    }

    string? Get(string key)
    {
        using var connection = ConnectionMultiplexer.Connect(redis.ConnectionString);
        return connection.GetDatabase().StringGet(key);
    }
}
