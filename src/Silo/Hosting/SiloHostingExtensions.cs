using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Noken.Grains;
using Orleans.Noken.Grains.Telemetry;
using Orleans.Noken.Results;
using Orleans.Noken.Silo.Api;
using Orleans.Noken.Silo.Storage;
using Orleans.Noken.Silo.Telemetry;
using Orleans.Noken.Silo.Worker;
using StackExchange.Redis;

namespace Orleans.Noken.Silo.Hosting;

/// <summary>
/// Wires a silo from configuration: clustering and grain state (Redis on a cluster, localhost and files for
/// <c>noken run</c>), the result store, the coordinators' options, the replica and its worker loop, and the API.
/// Every option problem is reported at start, all at once, before anything listens.
/// </summary>
public static class SiloHostingExtensions
{
    /// <summary>Orleans' <see cref="ClusterMembershipOptions"/>, bound as they are over <see cref="MembershipDefaults"/>.</summary>
    public const string MembershipSection = "Noken:Membership";

    /// <param name="singleCampaignStore">The result store holds one campaign at its root (<c>noken run --out DIR</c>).</param>
    public static WebApplicationBuilder AddNokenSilo(this WebApplicationBuilder builder, bool singleCampaignStore = false)
    {
        var configuration = builder.Configuration;
        var silo = configuration.GetSection(NokenSiloOptions.SectionName).Get<NokenSiloOptions>() ?? new NokenSiloOptions();
        var api = configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        var results = configuration.GetSection(ResultStoreOptions.SectionName).Get<ResultStoreOptions>() ?? new ResultStoreOptions();
        results.Folder ??= Path.GetFullPath("runs");
        var campaigns = configuration.GetSection(CampaignOptions.SectionName).Get<CampaignOptions>() ?? new CampaignOptions();

        var problems = silo.Problems().ToList();
        problems.AddRange(ResultStoreOptionsValidator.Validate(results).Select(p => $"{ResultStoreOptions.SectionName}: {p}"));
        try { campaigns.Validate(); } catch (ArgumentException e) { problems.Add($"{CampaignOptions.SectionName}: {e.Message}"); }
        var token = api.Token ?? Environment.GetEnvironmentVariable(BearerToken.EnvironmentVariable);
        if (api.Enabled && string.IsNullOrWhiteSpace(token))
            problems.Add($"{ApiOptions.SectionName}:Token: the API needs a bearer token (set {BearerToken.EnvironmentVariable} or Noken__Api__Token)");
        else if (api.Enabled && token!.Trim().Length < BearerToken.MinimumLength)
            problems.Add($"{ApiOptions.SectionName}:Token: the bearer token is too short ({token.Trim().Length} characters, at least {BearerToken.MinimumLength}: e.g. openssl rand -hex 24)");
        if (problems.Count > 0) throw new SiloConfigurationException(problems);

        builder.Services.Configure<CampaignOptions>(configuration.GetSection(CampaignOptions.SectionName));
        builder.Services.Configure<WorkerOptions>(configuration.GetSection(WorkerOptions.SectionName));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = silo.ShutdownTimeout);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new CampaignStorage(ResultStoreFactory.Create(results), results.ToString(), singleCampaignStore));
        builder.Services.AddSingleton<CampaignReplica>();
        builder.Services.AddSingleton<HardeningWorker>();
        builder.Services.AddCampaignMetrics();
        if (api.Enabled)
        {
            builder.Services.AddSingleton(new BearerToken(token!.Trim()));
            builder.Services.AddNokenApiJson();
            builder.WebHost.UseUrls(api.Urls);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = api.MaxRequestBytes);
        }

        var siloName = silo.Kubernetes ? Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName
            : silo.Name ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        builder.AddNokenTelemetry(siloName);
        builder.UseOrleans(orleans =>
        {
            // Failure detection and recovery after losing every silo (MembershipDefaults says why these values), then
            // whatever the configuration sets: Noken__Membership__ProbeTimeout=….
            orleans.Configure<ClusterMembershipOptions>(MembershipDefaults.Apply);
            orleans.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSection));
            var redis = silo.Redis is null ? null : ConfigurationOptions.Parse(silo.Redis);
            if (silo.Kubernetes)
            {
                // The pod gives the silo its name, address and cluster ids (POD_NAME, POD_IP, ORLEANS_CLUSTER_ID, …), and
                // silos whose pods are gone are declared dead at once. Membership itself stays in Redis.
                orleans.UseKubernetesHosting();
                orleans.Configure<EndpointOptions>(o => (o.SiloPort, o.GatewayPort) = (silo.SiloPort, silo.GatewayPort));
            }
            else
            {
                orleans.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (silo.ClusterId, silo.ServiceId));
                orleans.Configure<SiloOptions>(o => o.SiloName = siloName);
            }
            if (silo.Clustering == ClusteringKind.Redis)
            {
                orleans.UseRedisClustering(o => o.ConfigurationOptions = redis!);
                if (!silo.Kubernetes) orleans.ConfigureEndpoints(silo.SiloPort, silo.GatewayPort);
            }
            else orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort);
            if (TelemetryExtensions.Traces(configuration)) orleans.AddActivityPropagation();

            switch (silo.GrainState)
            {
                case GrainStateKind.Redis: orleans.AddRedisGrainStorage(CampaignGrain.StorageName, o => o.ConfigurationOptions = redis!); break;
                case GrainStateKind.File: orleans.AddFileGrainStorage(CampaignGrain.StorageName, o => o.RootDirectory = Path.GetFullPath(silo.StateFolder)); break;
                default: orleans.AddMemoryGrainStorage(CampaignGrain.StorageName); break;
            }
        });
        // After UseOrleans: hosted services stop in reverse order, so the worker stops (its shard or hardening job
        // stopped at the next step and given back) while the silo is still up to take the hand-back.
        builder.Services.AddHostedService<ShardWorker>();
        return builder;
    }
}

/// <summary>The silo's configuration cannot work; every problem is listed.</summary>
public sealed class SiloConfigurationException(IReadOnlyList<string> problems)
    : Exception("the silo's configuration has problems:\n  " + string.Join("\n  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
