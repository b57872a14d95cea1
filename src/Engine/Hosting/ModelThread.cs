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

    /// <summary>
    /// Runs an async piece of work (one that awaits I/O between torch calls) so that every continuation comes back to
    /// this thread, not the thread pool: the thread holds it from start to end, as it holds a synchronous one.
    /// </summary>
    public Task<T> RunAwaitingAsync<T>(Func<Task<T>> work) => RunAsync(() =>
    {
        var previous = SynchronizationContext.Current;
        using var context = new SingleThreadContext();
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            var task = work();
            task.ContinueWith(_ => context.Complete(), TaskScheduler.Default);
            context.RunUntilComplete();
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    });

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

    /// <summary>Queues posted continuations and runs them on the thread that pumps it.</summary>
    sealed class SingleThreadContext : SynchronizationContext, IDisposable
    {
        readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();

        public override void Post(SendOrPostCallback d, object? state)
        {
            // A continuation posted after the work finished (fire and forget inside it) runs on the pool instead.
            try { _queue.Add((d, state)); }
            catch (InvalidOperationException) { ThreadPool.QueueUserWorkItem(_ => d(state)); }
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Send is not supported on the model thread");

        public void Complete() => _queue.CompleteAdding();

        public void RunUntilComplete()
        {
            foreach (var (callback, state) in _queue.GetConsumingEnumerable()) callback(state);
        }

        public void Dispose() => _queue.Dispose();
    }
}
