namespace Orleans.Noken.Results.Tests;

/// <summary>The contract against a real Azurite; each test gets its own container, created by the store.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobResultStoreTests(AzuriteFixture azurite) : ResultStoreContract
{
    readonly BlobResultStore store = new(azurite.Service.GetBlobContainerClient("t" + Guid.NewGuid().ToString("N")));

    protected override IResultStore Store => store;

    [Fact]
    public async Task TheStoreCreatesItsContainerOnFirstWriteAndReadsNothingBefore()
    {
        Assert.False(await store.Container.ExistsAsync());
        Assert.Null(await store.ReadAsync("spec.json"));
        Assert.Empty(await store.ListAsync(""));
        await store.WriteAsync("spec.json", new byte[] { 1 });
        Assert.True(await store.Container.ExistsAsync());
    }

    [Fact]
    public async Task TheFactoryBuildsABlobStoreFromAConnectionString()
    {
        var options = new ResultStoreOptions { Kind = ResultStoreKind.Blob, ConnectionString = azurite.ConnectionString, Container = "factory-made" };
        var built = ResultStoreFactory.Create(options);
        Assert.IsType<BlobResultStore>(built);
        await built.WriteAsync("a/b.json", new byte[] { 7 });
        Assert.Equal(new byte[] { 7 }, await built.ReadAsync("a/b.json"));
    }
}
