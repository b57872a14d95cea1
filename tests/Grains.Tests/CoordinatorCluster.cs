using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Noken.Grains.Telemetry;
using Orleans.Noken.Results;
using Orleans.TestingHost;

namespace Orleans.Noken.Grains.Tests;

/// <summary>
/// A one-silo in-process cluster with the real coordinator and registry grains, memory grain state and a real
/// folder result store in a temporary folder. Leases last <see cref="LeaseDuration"/> so that expiry is testable;
/// the silo names the tests lease under are not cluster members, so the dead-silo grace is long unless a test wants it.
/// </summary>
public class CoordinatorCluster : IAsyncLifetime
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(1);

    readonly TimeSpan _leaseDuration, _deadSiloGrace;

    public CoordinatorCluster() : this(LeaseDuration, TimeSpan.FromMinutes(1)) { }

    protected CoordinatorCluster(TimeSpan leaseDuration, TimeSpan deadSiloGrace) =>
        (_leaseDuration, _deadSiloGrace) = (leaseDuration, deadSiloGrace);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "noken-grains-" + Guid.NewGuid().ToString("N"));
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.Client;
    public CampaignStorage Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        Storage = new CampaignStorage(new FolderResultStore(Folder), $"folder {Folder}");
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(CampaignGrain.StorageName);
            silo.Services.AddSingleton(Storage);
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddCampaignMetrics();
            silo.Services.Configure<CampaignOptions>(o =>
            {
                o.LeaseDuration = _leaseDuration;
                o.DeadSiloGrace = _deadSiloGrace;
                o.MaxShardFailures = 2;
                o.ModelsRoot = AppContext.BaseDirectory;
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Leases that would outlive the test, and a short grace for silos outside the cluster.</summary>
public sealed class LongLeaseCoordinatorCluster() : CoordinatorCluster(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1));
