using Orleans.Noken.Abstractions;
using Orleans.Noken.Silo.Hosting;

namespace Orleans.Noken.Silo.Tests.Hosting;

public sealed class LocalSiloTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("noken-local-silo-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task TwoInProcessSilosRunSideBySide()
    {
        // Two `noken run`s at once (two models compared): neither may hold a fixed port the other needs.
        await using var first = await LocalSilo.StartAsync(Path.Combine(_folder, "a"), _folder);
        await using var second = await LocalSilo.StartAsync(Path.Combine(_folder, "b"), _folder);
        Assert.Empty(await first.Grains.GetGrain<ICampaignRegistryGrain>(0).ListAsync());
        Assert.Empty(await second.Grains.GetGrain<ICampaignRegistryGrain>(0).ListAsync());
    }
}
