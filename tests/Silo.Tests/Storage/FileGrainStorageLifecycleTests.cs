using Orleans.Noken.Silo.Tests.Infrastructure;
using Orleans.Noken.Tests.Infrastructure;
using Orleans.Runtime;

namespace Orleans.Noken.Silo.Tests.Storage;

/// <summary>The file grain storage across cluster restarts and at silo start: each test starts its own clusters.</summary>
public sealed class FileGrainStorageLifecycleTests
{
    [Fact]
    public async Task StateWrittenBeforeARestartIsReadAfterIt()
    {
        using var folder = new TemporaryFolder();
        var serviceId = "noken-restart-" + Guid.NewGuid().ToString("N");
        await using (var before = await FileStorageCluster.StartAsync(folder.Path, serviceId, silos: 2))
        {
            await before.Client.GetGrain<IFileNotebookGrain>("campaign-a").AppendAsync("before the restart");
            await before.Client.GetGrain<IFileNotebookGrain>("campaign-b").AppendAsync("another grain");
        }

        await using var after = await FileStorageCluster.StartAsync(folder.Path, serviceId);

        Assert.Equal(["before the restart"], (await after.Client.GetGrain<IFileNotebookGrain>("campaign-a").ReadAsync()).Lines);
        Assert.Equal(["another grain"], (await after.Client.GetGrain<IFileNotebookGrain>("campaign-b").ReadAsync()).Lines);
    }

    [Fact]
    public async Task AnUnwritableFolderStopsTheSiloStartWithAnErrorNamingIt()
    {
        using var folder = new TemporaryFolder();
        // A folder under a regular file can be neither created nor written, whoever runs the tests (root included).
        var file = Path.Combine(folder.Path, "a-file");
        await File.WriteAllTextAsync(file, "");
        var root = Path.Combine(file, "state");
        await using var cluster = FileStorageCluster.Build(root, "noken-unwritable");

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(cluster.DeployAsync);

        Assert.Contains($"File grain storage 'files' cannot write to its folder '{root}'", error.Message);
        Assert.Contains("Set FileGrainStorageOptions.RootDirectory to a writable folder", error.Message);
    }
}
