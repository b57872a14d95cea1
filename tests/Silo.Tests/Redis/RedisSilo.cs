using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Noken.Silo.Tests.Infrastructure;
using Orleans.Noken.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orleans.Noken.Silo.Tests.Redis;

/// <summary>
/// A silo host configured as production configures one: Redis clustering, Redis grain storage "redis", real TCP
/// endpoints. A plain host, not the test cluster: <c>InProcessTestClusterBuilder</c> 10.4.2 always installs its own
/// in-memory membership table (<c>UseTestClusterMembership</c> is internal there), which would hide Redis clustering.
/// </summary>
public static class RedisSilo
{
    public const string StorageName = "redis";

    public static async Task<IHost> StartAsync(RedisServer redis, string serviceId, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(options =>
            {
                options.ServiceId = serviceId;
                options.ClusterId = clusterId;
            })
            .ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort())
            .UseRedisClustering(redis.ConnectionString)
            .AddRedisGrainStorage(StorageName, options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis.ConnectionString)));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
