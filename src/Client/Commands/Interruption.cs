using System.Runtime.InteropServices;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// Ctrl+C and SIGTERM for a command that drives an in-process silo: the first asks it to stop (the token, which also
/// fires when the host itself was told to stop), the second exits at once with <see cref="ExitCode"/>. The silo's
/// console lifetime swallows both signals, so without this the campaign would run to its end.
/// </summary>
internal sealed class Interruption : IDisposable
{
    /// <summary>128 + SIGINT, what shells report for a process stopped by Ctrl+C.</summary>
    public const int ExitCode = 130;

    readonly CancellationTokenSource _source;
    readonly PosixSignalRegistration _interrupt, _terminate;
    int _signals;

    public Interruption(CancellationToken hostStopping)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _source.Token;

    void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;                                   // not the runtime's immediate termination: state is saved first
        if (Interlocked.Increment(ref _signals) > 1)
        {
            Console.Error.WriteLine("interrupted again: quitting now (the shard in flight is redone on resume)");
            Environment.Exit(ExitCode);
        }
        _source.Cancel();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }
}
