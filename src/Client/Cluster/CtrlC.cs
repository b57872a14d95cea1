namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// Ctrl+C as a cancellation token while a command follows something on the cluster: the first press cancels the token
/// instead of killing the process, so the command can say what goes on without it (the campaign, the job) and exit
/// cleanly. Disposing unhooks the handler.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    readonly CancellationTokenSource _stop = new();

    public CtrlC() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token => _stop.Token;

    public bool Pressed => _stop.IsCancellationRequested;

    void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _stop.Dispose();
    }
}
