using System.CommandLine;
using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken watch ID [--interval S] [--plain]</c>: follow a cluster campaign until it ends; the exit code is
/// its outcome (0 completed, 1 failed or cancelled).</summary>
internal static class WatchCommand
{
    public static Option<double> Interval() => new("--interval")
    {
        Description = "Seconds between polls of the API",
        DefaultValueFactory = _ => 2,
    };

    public static Option<bool> Plain() => new("--plain")
    {
        Description = "One line per poll even on a terminal (the default when the output is redirected)",
    };

    public static Command Build()
    {
        var api = ClusterOptions.Api();
        var id = ClusterOptions.CampaignId();
        var interval = Interval();
        var plain = Plain();
        var command = new Command("watch", "Follow a cluster campaign live until it completes, fails or is cancelled") { id, api, interval, plain };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var client = ClusterOptions.Connect(parse, api);
            return Follow(client, parse.GetValue(id)!, parse.GetValue(interval), parse.GetValue(plain));
        }));
        return command;
    }

    /// <summary>Watches until the campaign ends or Ctrl+C, which stops the watch cleanly (the live view restores the
    /// cursor) instead of killing the process mid-redraw.</summary>
    public static int Follow(NokenApiClient client, string id, double intervalSeconds, bool plain)
    {
        if (!(intervalSeconds > 0) || intervalSeconds > 3600)
            throw new ArgumentException($"--interval must be between 0 and 3600 seconds (got {intervalSeconds})");
        using var stop = new CtrlC();
        var watch = new CampaignWatch(client, id, TimeSpan.FromSeconds(intervalSeconds));
        return ClusterOptions.Wait(watch.RunAsync(live: !plain && Terminal.IsLive, stop.Token));
    }
}
