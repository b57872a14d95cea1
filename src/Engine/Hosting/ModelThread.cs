using System.Collections.Concurrent;

namespace Orleans.Noken.Engine.Hosting;

/// <summary>
/// One model replica's thread. libtorch's inference and dispose scopes are thread-local and a replica is not
/// thread-safe, so every piece of torch work for a replica is queued here and runs, in order, on one dedicated
/// thread; callers on any thread (HTTP requests, grain calls) await the result.
/// </summary>
public sealed class ModelThread : IDisposable
{
    readonly BlockingCollection<Action> _work = new();
    readonly Thread _thread;

    public ModelThread(string name)
    {
        _thread = new Thread(Run) { Name = name, IsBackground = true };
        _thread.Start();
    }

    public Task<T> RunAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try { completion.SetResult(work()); }
            catch (Exception e) { completion.SetException(e); }
        });
        return completion.Task;
    }

    void Run()
    {
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join();
        _work.Dispose();
    }
}
