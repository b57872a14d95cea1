namespace Orleans.Noken.Results.Tests;

public sealed class FolderResultStoreTests : ResultStoreContract, IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "noken-results-" + Guid.NewGuid().ToString("N"));
    readonly FolderResultStore store;

    public FolderResultStoreTests() => store = new FolderResultStore(root);

    protected override IResultStore Store => store;

    [Fact]
    public async Task FilesLandAtTheLayoutPathsAndNoTemporaryFileIsLeft()
    {
        var paths = ResultPaths.ForCampaign("disk");
        await store.TryCreateAsync(paths.ShardResults("000000000-a"), new byte[] { 1 });
        await store.TryCreateAsync(paths.ShardResults("000000000-a"), new byte[] { 2 });
        await store.WriteAsync(paths.Spec, new byte[] { 3 });
        await store.WriteAsync(paths.Spec, new byte[] { 4 });

        Assert.True(File.Exists(Path.Combine(root, "campaigns", "disk", "shards", "000000000-a.parquet")));
        Assert.Equal(
            [Path.Combine(root, "campaigns", "disk", "shards", "000000000-a.parquet"), Path.Combine(root, "campaigns", "disk", "spec.json")],
            Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
