using Orleans.Noken.Client.Cluster;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// A campaign's progress as its work reports it: a live bar on a terminal; in a pipe, a file or a CI log, a plain line
/// when the count moves, at most every <see cref="PlainInterval"/> (and once at the end). Spectre's bar redraws
/// there as one line per refresh — hundreds of copies of "starting: 0%" in a log.
/// </summary>
internal static class CampaignProgress
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="work"/>, handing it a report(done, description) to call as it goes.</summary>
    public static async Task<T> ShowAsync<T>(long total, Func<Action<long, string>, Task<T>> work)
    {
        if (!Terminal.IsLive)
        {
            var plain = new PlainLines(total);
            var result = await work(plain.Report);
            plain.Finish();
            return result;
        }
        T value = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: Math.Max(total, 1));
                value = await work((done, description) =>
                {
                    task.Value = done;
                    task.Description = Markup.Escape(description);
                });
            });
        return value;
    }

    public static T Show<T>(long total, Func<Action<long, string>, T> work) =>
        ShowAsync(total, report => Task.FromResult(work(report))).GetAwaiter().GetResult();

    sealed class PlainLines(long total)
    {
        readonly System.Diagnostics.Stopwatch sinceLine = new();
        long printed = -1, last = -1;
        string description = "";

        public void Report(long done, string text)
        {
            lock (sinceLine)
            {
                (last, description) = (done, text);
                if (done == printed || (sinceLine.IsRunning && sinceLine.Elapsed < PlainInterval && done < total)) return;
                Print();
            }
        }

        public void Finish()
        {
            lock (sinceLine) if (last != printed && last >= 0) Print();
        }

        void Print()
        {
            Console.WriteLine(description);
            printed = last;
            sinceLine.Restart();
        }
    }
}
