using Orleans.Noken.Engine.Hosting;

namespace Orleans.Noken.Engine.Tests.Hosting;

public sealed class ModelThreadTests
{
    [Fact]
    public async Task AwaitingWorkComesBackToTheModelThreadAfterEveryAwait()
    {
        using var thread = new ModelThread("test-replica");
        int replica = await thread.RunAsync(() => Environment.CurrentManagedThreadId);
        var seen = await thread.RunAwaitingAsync(async () =>
        {
            var ids = new List<int> { Environment.CurrentManagedThreadId };
            await Task.Delay(20);
            ids.Add(Environment.CurrentManagedThreadId);
            await Task.Run(() => Thread.Sleep(10));   // work elsewhere; the continuation still comes back
            ids.Add(Environment.CurrentManagedThreadId);
            await Task.Yield();
            ids.Add(Environment.CurrentManagedThreadId);
            return ids;
        });
        Assert.All(seen, id => Assert.Equal(replica, id));
        Assert.Null(await thread.RunAsync(() => SynchronizationContext.Current));   // nothing lingers for the next work
    }

    [Fact]
    public async Task AnExceptionAfterAnAwaitReachesTheCallerAndTheThreadGoesOn()
    {
        using var thread = new ModelThread("test-replica");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => thread.RunAwaitingAsync<int>(async () =>
        {
            await Task.Delay(10);
            throw new InvalidDataException("bad checkpoint");
        }));
        Assert.Equal("bad checkpoint", error.Message);
        Assert.Equal(42, await thread.RunAsync(() => 42));
    }
}
