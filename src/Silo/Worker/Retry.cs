using Microsoft.Extensions.Logging;

namespace Orleans.Noken.Silo.Worker;

/// <summary>
/// Retries a call to a service that may be briefly gone (Redis restarting, the blob store unreachable, the
/// coordinator moving to another silo) with capped exponential backoff, until it succeeds or <c>limit</c> runs out.
/// A shard's work is never thrown away for a blip: the worker holds on to its result and keeps trying to land it.
/// </summary>
public static partial class Retry
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> call, string what, TimeSpan limit, ILogger logger, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        var delay = TimeSpan.FromMilliseconds(250);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                if (DateTimeOffset.UtcNow + delay > deadline) throw;
                LogRetrying(logger, what, attempt, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, cancellation);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public static Task UntilAsync(Func<Task> call, string what, TimeSpan limit, ILogger logger, CancellationToken cancellation) =>
        UntilAsync(async () => { await call(); return true; }, what, limit, logger, cancellation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} failed (attempt {Attempt}), retrying in {Delay:F1} s: {Error}")]
    static partial void LogRetrying(ILogger logger, string what, int attempt, double delay, string error);
}
