using Orleans.Noken.Silo.Tests.Infrastructure;
using Orleans.Noken.Tests.Infrastructure;
using Orleans.Storage;

namespace Orleans.Noken.Silo.Tests.Storage;

/// <summary>The file grain storage behind real grains in a real (in-process) Orleans cluster.</summary>
public sealed class FileGrainStorageTests(SharedFileStorageCluster shared) : IClassFixture<SharedFileStorageCluster>
{
    IFileNotebookGrain Grain(string key) => shared.Cluster.Client.GetGrain<IFileNotebookGrain>(key);

    static string NewKey() => "campaign-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task StateSurvivesDeactivation()
    {
        var grain = Grain(NewKey());
        await grain.AppendAsync("first");
        await grain.AppendAsync("second");

        await shared.Cluster.DeactivateAsync(grain);

        var notebook = await grain.ReadAsync();
        Assert.Equal(["first", "second"], notebook.Lines);
        Assert.Equal(0.6, notebook.Scores["second"]);
        Assert.Equal(new Entry("second", 2), notebook.Last);
        Assert.True((await grain.StoredAsync()).Exists);
    }

    [Fact]
    public async Task AGrainNeverWrittenReadsAsNoRecordWithAFreshState()
    {
        var grain = Grain(NewKey());

        var stored = await grain.StoredAsync();
        var notebook = await grain.ReadAsync();

        Assert.False(stored.Exists);
        Assert.Null(stored.ETag);
        Assert.Empty(notebook.Lines); // a fresh instance, not null
    }

    [Fact]
    public async Task EachWriteChangesTheETag()
    {
        var grain = Grain(NewKey());
        await grain.AppendAsync("one");
        var first = (await grain.StoredAsync()).ETag;
        await grain.AppendAsync("two");
        var second = (await grain.StoredAsync()).ETag;

        Assert.NotNull(first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task AWriteWithAStaleETagIsRefusedAndTheNewerStateKept()
    {
        var grain = Grain(NewKey());
        await grain.AppendAsync("grain's first line");
        // A rival writer (another activation, another silo) reads the same record and writes it first.
        var storage = shared.Cluster.Storage();
        var rival = new GrainState<Notebook>();
        await storage.ReadStateAsync("state", grain.GetGrainId(), rival);
        rival.State!.Lines.Add("rival's line");
        await storage.WriteStateAsync("state", grain.GetGrainId(), rival);

        // The grain still holds the ETag of its own first write: stale.
        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.AppendAsync("grain's second line"));

        // The rival's write stands (Orleans deactivates the grain on the conflict; it re-reads on the next call).
        Assert.Equal(["grain's first line", "rival's line"], (await grain.ReadAsync()).Lines);
    }

    [Fact]
    public async Task AWriteOverAFileDeletedSinceItWasReadIsRefused()
    {
        var grain = Grain(NewKey());
        await grain.AppendAsync("line");
        File.Delete(shared.Cluster.Storage().PathOf("state", grain.GetGrainId()));

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.AppendAsync("another line"));
    }

    [Fact]
    public async Task ClearingStateDeletesItsFile()
    {
        var grain = Grain(NewKey());
        await grain.AppendAsync("to be cleared");
        var path = shared.Cluster.Storage().PathOf("state", grain.GetGrainId());
        Assert.True(File.Exists(path));

        await grain.ClearAsync();

        Assert.False(File.Exists(path));
        Assert.Equal(new StoredRecord(false, null), await grain.StoredAsync());
        await shared.Cluster.DeactivateAsync(grain);
        Assert.Empty((await grain.ReadAsync()).Lines);
    }

    [Fact]
    public async Task GrainKeysWithPathCharactersStayInsideTheFolder()
    {
        string[] keys = ["../../escaped", "/etc/passwd", @"..\..\windows", "a/b\\c:*?\"<>|", "..", ".", " leading space",
            "line\nbreak", "con", "nul.txt", "ключ-鍵-🔑", new string('x', 2_000), "../" + NewKey()];
        foreach (var key in keys) await Grain(key).AppendAsync(key);

        var storage = shared.Cluster.Storage();
        var paths = keys.Select(key => storage.PathOf("state", Grain(key).GetGrainId())).ToArray();
        Assert.Equal(keys.Length, paths.Distinct().Count());
        Assert.All(paths, path =>
        {
            Assert.Equal(shared.RootDirectory, Path.GetDirectoryName(path));
            Assert.True(File.Exists(path), path);
            Assert.True(Path.GetFileName(path).Length < 100, path);
        });
        // Nothing but the storage folder in its parent, nothing but state files in the storage folder.
        Assert.Equal([shared.RootDirectory], Directory.GetFileSystemEntries(shared.Parent));
        Assert.All(Directory.GetFileSystemEntries(shared.RootDirectory), entry => Assert.EndsWith(".state", entry));
        foreach (var key in keys)
        {
            await shared.Cluster.DeactivateAsync(Grain(key));
            Assert.Equal([key], (await Grain(key).ReadAsync()).Lines);
        }
    }

    [Fact]
    public async Task AFileThatIsNotAGrainStateIsReportedByItsPath()
    {
        var grain = Grain(NewKey());
        var storage = shared.Cluster.Storage();
        var path = storage.PathOf("state", grain.GetGrainId());
        await File.WriteAllTextAsync(path, "not a state file");

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => storage.ReadStateAsync("state", grain.GetGrainId(), new GrainState<Notebook>()));

        Assert.Contains(path, error.Message);
        File.Delete(path);
    }
}
