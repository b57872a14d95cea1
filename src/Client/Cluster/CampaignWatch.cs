using Orleans.Noken.Abstractions;
using Spectre.Console;

namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// Follows a campaign until its phase is final: a live Spectre view on a terminal, one line per poll otherwise (a
/// log file, a CI job, a test). The exit code says how it ended: 0 completed, 1 failed or cancelled, 130 when the
/// user stopped watching (the campaign goes on). A silo restarting or a network blip does not end the watch: the
/// API may be unreachable for up to <see cref="GiveUpAfter"/> before it does; the first poll must succeed, so a
/// wrong URL or token fails at once.
/// </summary>
internal sealed class CampaignWatch(NokenApiClient api, string id, TimeSpan interval)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    const int TopElites = 5;

    DateTimeOffset? _failingSince;

    public async Task<int> RunAsync(bool live, CancellationToken cancellation)
    {
        CampaignStatus status;
        IReadOnlyList<EliteView> elites;
        try
        {
            // The first poll outside the retry loop: a wrong id, URL or token is an error now, not after two minutes.
            (status, elites) = await PollAsync(cancellation);
            if (live)
            {
                await AnsiConsole.Live(StatusView.Live(status, elites, DateTimeOffset.Now, null)).AutoClear(false)
                    .StartAsync(async context =>
                    {
                        while (!status.Phase.IsFinal())
                        {
                            await Task.Delay(interval, cancellation);
                            var (next, note) = await TryPollAsync(cancellation);
                            if (next is { } n) (status, elites) = n;
                            context.UpdateTarget(StatusView.Live(status, elites, DateTimeOffset.Now, note));
                        }
                    });
            }
            else
            {
                Console.WriteLine(StatusView.Line(status, elites.FirstOrDefault(), DateTimeOffset.Now));
                while (!status.Phase.IsFinal())
                {
                    await Task.Delay(interval, cancellation);
                    var (next, note) = await TryPollAsync(cancellation);
                    if (next is { } n) (status, elites) = n;
                    Console.WriteLine(note ?? StatusView.Line(status, elites.FirstOrDefault(), DateTimeOffset.Now));
                }
                PrintElites(elites);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine($"stopped watching; campaign {id} goes on (`noken watch {id}` to follow it again)");
            return 130;
        }
        return Outcome(status);
    }

    /// <summary>The exit code of a final phase, with the reason on stderr when it did not complete.</summary>
    public static int Outcome(CampaignStatus status)
    {
        switch (status.Phase)
        {
            case CampaignPhase.Completed:
                Console.WriteLine($"campaign {status.Id} completed: {ProgressFormat.Count(status.NokensDone)} nokens; results in {status.Results}");
                return 0;
            case CampaignPhase.Failed:
                Console.Error.WriteLine($"campaign {status.Id} failed: {status.Failure ?? "no reason given"}");
                return 1;
            default:
                Console.Error.WriteLine($"campaign {status.Id} was cancelled after {ProgressFormat.Count(status.NokensDone)} nokens" +
                    (status.Failure is { Length: > 0 } reason ? $": {reason}" : ""));
                return 1;
        }
    }

    async Task<(CampaignStatus, IReadOnlyList<EliteView>)> PollAsync(CancellationToken cancellation)
    {
        var status = await api.StatusAsync(id, cancellation);
        var elites = await api.ElitesAsync(id, cancellation);
        return (status, elites);
    }

    /// <summary>A poll that survives transient failures for a while: (null, what went wrong) while it retries.</summary>
    async Task<((CampaignStatus, IReadOnlyList<EliteView>)? Poll, string? Note)> TryPollAsync(CancellationToken cancellation)
    {
        try
        {
            var poll = await PollAsync(cancellation);
            _failingSince = null;
            return (poll, null);
        }
        catch (NokenApiException e) when (e.Transient)
        {
            var now = DateTimeOffset.Now;
            _failingSince ??= now;
            if (now - _failingSince > GiveUpAfter)
                throw new NokenApiException($"{e.Message}; gave up after {ProgressFormat.Duration(GiveUpAfter)} of retrying", e.Status, inner: e);
            return (null, $"{now.ToLocalTime():HH:mm:ss} {e.Message}; retrying for up to {ProgressFormat.Duration(GiveUpAfter - (now - _failingSince.Value))}");
        }
    }

    static void PrintElites(IReadOnlyList<EliteView> elites)
    {
        foreach (var (elite, rank) in elites.Take(TopElites).Select((e, i) => (e, i + 1)))
            Console.WriteLine($"elite #{rank} {elite.NokenId} {elite.Label} {elite.Score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}: {StatusView.Visible(elite.Continuation, 100)}");
    }
}
