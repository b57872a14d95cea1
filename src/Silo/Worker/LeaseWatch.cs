using System.Diagnostics;

namespace Orleans.Noken.Silo.Worker;

/// <summary>
/// Watches over a lease from the moment it is granted until its work ends: renews it (preparing a shard, loading a
/// model, a control decode, all count as holding the silo, not only decoding) and, between renewals, asks cheaply
/// whether the work should go on. <see cref="Token"/> fires when it should not (the campaign or job was cancelled or
/// paused, the lease went to another silo) or when the silo stops; the work on the model thread checks it at every
/// decoding or training step, so the thread is free again within seconds.
/// </summary>
public sealed class LeaseWatch : IAsyncDisposable
{
    readonly CancellationTokenSource _stop;
    readonly CancellationTokenSource _ended = new();
    readonly CancellationToken _stopping;
    readonly Task _loop;
    volatile bool _lost;

    /// <param name="renew">Extends the lease; false when the holder no longer holds it.</param>
    /// <param name="check">Whether the work should go on, without extending anything (null: renew at every look).</param>
    /// <param name="renewEvery">How often the lease is extended (a third of its duration).</param>
    /// <param name="lookEvery">How often the watch looks: the delay between a cancel and the work stopping.</param>
    /// <param name="stopping">The silo is stopping: the work stops too.</param>
    /// <param name="failed">A renewal or look that could not reach its grain (the work goes on; the next look retries).</param>
    public LeaseWatch(Func<Task<bool>> renew, Func<Task<bool>>? check, TimeSpan renewEvery, TimeSpan lookEvery,
        CancellationToken stopping, Action<string> failed)
    {
        _stopping = stopping;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _loop = WatchAsync(renew, check, renewEvery, TimeSpan.FromTicks(Math.Min(lookEvery.Ticks, renewEvery.Ticks)), failed);
    }

    /// <summary>Fires when the work should stop.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Why the work was stopped, for a log line.</summary>
    public string Reason => _stopping.IsCancellationRequested ? "the silo is stopping"
        : _lost ? "it was cancelled or paused, or its lease went to another silo" : "it was not stopped";

    /// <summary>Whether the silo is stopping (the work stopped for that, not because its lease was lost).</summary>
    public bool SiloStopping => _stopping.IsCancellationRequested;

    async Task WatchAsync(Func<Task<bool>> renew, Func<Task<bool>>? check, TimeSpan renewEvery, TimeSpan lookEvery, Action<string> failed)
    {
        var sinceRenewal = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                await Task.Delay(lookEvery, _ended.Token);
                bool renewing = check is null || sinceRenewal.Elapsed + lookEvery / 2 >= renewEvery;
                try
                {
                    bool held = renewing ? await renew() : await check!();
                    if (renewing) sinceRenewal.Restart();
                    if (held) continue;
                    _lost = true;
                    await _stop.CancelAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException || !_ended.IsCancellationRequested)
                {
                    failed(e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _ended.CancelAsync();
        await _loop;
        _ended.Dispose();
        _stop.Dispose();
    }
}
