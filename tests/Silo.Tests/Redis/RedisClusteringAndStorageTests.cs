using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Noken.Silo.Tests.Infrastructure;
using Orleans.Noken.Tests.Infrastructure;
using Orleans.Runtime;
using StackExchange.Redis;

namespace Orleans.Noken.Silo.Tests.Redis;

/// <summary>
/// Orleans' own Redis clustering and Redis grain storage against a real redis-server: the production wiring of the
/// Silo's packages (Orleans 10.4.2 with StackExchange.Redis pinned to 3.4.35), proved end to end.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisClusteringAndStorageTests(RedisServer redis)
{
    [Fact]
    public async Task StateWrittenByOneClusterIsReadByAFreshClusterOnTheSameRedis()
    {
        var serviceId = "noken-redis-" + Guid.NewGuid().ToString("N");
        var firstCluster = "first-" + Guid.NewGuid().ToString("N");
        using (var one = await RedisSilo.StartAsync(redis, serviceId, firstCluster))
        using (var two = await RedisSilo.StartAsync(redis, serviceId, firstCluster))
        {
            // The two silos found each other through the membership table in Redis.
            await WaitForActiveSilosAsync(one, 2);
            await Grains(two).GetGrain<IRedisNotebookGrain>("campaign-1").AppendAsync("written by the first cluster");
            await two.StopAsync();
            await one.StopAsync();
        }

        using var fresh = await RedisSilo.StartAsync(redis, serviceId, "fresh-" + Guid.NewGuid().ToString("N"));
        var notebook = await Grains(fresh).GetGrain<IRedisNotebookGrain>("campaign-1").ReadAsync();
        await fresh.StopAsync();

        Assert.Equal(["written by the first cluster"], notebook.Lines);
        // Both kinds of data are in Redis: membership keyed by the cluster, grain state by the service.
        var keys = await KeysAsync();
        Assert.Contains(keys, key => key.Contains(firstCluster, StringComparison.Ordinal));
        Assert.Contains(keys, key => key.StartsWith(serviceId + "/state/", StringComparison.Ordinal));
    }

    static IGrainFactory Grains(IHost silo) => silo.Services.GetRequiredService<IGrainFactory>();

    static async Task WaitForActiveSilosAsync(IHost silo, int count)
    {
        var management = Grains(silo).GetGrain<IManagementGrain>(0);
        var clock = Stopwatch.StartNew();
        while ((await management.GetHosts(onlyActive: true)).Count < count)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"the silos did not see {count} active silos within 30 s");
            await Task.Delay(100);
        }
    }

    async Task<string[]> KeysAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        return connection.GetServer(redis.ConnectionString).Keys(pattern: "*").Select(key => key.ToString()).ToArray();
    }
}
