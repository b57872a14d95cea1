using System.CommandLine;
using Orleans.Noken.Client.Cluster;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken export ID --out DIR</c>: the campaign's files (spec, summary, every shard's Parquet and summary)
/// into a local folder, in the result store's layout, so the tools that read a <c>noken sweep</c> folder read it too.
/// Run it again to resume or to pick up shards finished since.</summary>
internal static class ExportCommand
{
    public static Command Build()
    {
        var api = ClusterOptions.Api();
        var id = ClusterOptions.CampaignId();
        var output = new Option<string>("--out", "-o") { Description = "Folder to download into (created if missing)", Required = true };
        var command = new Command("export", "Download every file of a cluster campaign into a local folder (resumable)") { id, api, output };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var client = ClusterOptions.Connect(parse, api);
            var campaign = parse.GetValue(id)!;
            var folder = parse.GetValue(output)!;
            ExportReport report = null!;
            if (Terminal.IsLive)
                AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).Start(context =>
                {
                    var task = context.AddTask("listing files");
                    report = ClusterOptions.Wait(CampaignExport.RunAsync(client, campaign, folder, (path, done, total) =>
                    {
                        task.MaxValue = Math.Max(total, 1);
                        task.Value = total == 0 ? task.MaxValue : done; // an empty campaign is a finished export
                        // The last call names no file; Spectre refuses an empty description, and that must not
                        // turn a finished export into an error.
                        task.Description = path.Length == 0 ? "done" : Markup.Escape(path);
                    }));
                });
            else report = ClusterOptions.Wait(CampaignExport.RunAsync(client, campaign, folder));
            Console.WriteLine($"exported {report.Downloaded} file(s), {ProgressFormat.Bytes(report.Bytes)}, to {Path.GetFullPath(folder)}" +
                (report.Skipped > 0 ? $"; {report.Skipped} already there" : ""));
            return 0;
        }));
        return command;
    }
}
