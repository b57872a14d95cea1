using Microsoft.Extensions.DependencyInjection;
using Orleans.Noken.Silo.Storage;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Orleans.Noken.Silo.Tests.Storage;

/// <summary>An in-process Orleans cluster whose grain storage "files" is a <see cref="FileGrainStorage"/> over
/// <paramref name="rootDirectory"/>. A fixed ServiceId lets a second cluster over the same folder find the state.</summary>
public static class FileStorageCluster
{
    public const string StorageName = "files";

    public static InProcessTestCluster Build(string rootDirectory, string serviceId, short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false; // no log files in the test's working folder
        builder.ConfigureSilo((_, silo) => silo.AddFileGrainStorage(StorageName, options => options.RootDirectory = rootDirectory));
        return builder.Build();
    }

    public static async Task<InProcessTestCluster> StartAsync(string rootDirectory, string serviceId, short silos = 1)
    {
        var cluster = Build(rootDirectory, serviceId, silos);
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The silo's own provider instance, for writes that race a grain's.</summary>
    public static FileGrainStorage Storage(this InProcessTestCluster cluster) =>
        (FileGrainStorage)cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageName);
}
