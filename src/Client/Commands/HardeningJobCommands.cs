using System.CommandLine;
using System.Globalization;
using Orleans.Noken.Client.Cluster;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken harden list</c> and <c>noken harden cancel ID</c>: the cluster's hardening jobs, as <c>noken
/// list</c> and <c>noken cancel</c> are for campaigns. A cancelled job stops on its silo within seconds and never
/// runs again.</summary>
internal static class HardeningJobCommands
{
    public static IEnumerable<Command> Build() => [List(), Cancel()];

    static Command List()
    {
        var api = ClusterOptions.Api();
        var command = new Command("list", "List the cluster's hardening jobs: id, source campaign, phase, created") { api };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var client = ClusterOptions.Connect(parse, api);
            var jobs = ClusterOptions.Wait(new HardeningJobClient(client).ListAsync());
            if (jobs.Count == 0)
            {
                Console.WriteLine($"no hardening jobs on {client.Endpoint.Display} yet (start one with `noken harden --campaign ID --on-cluster`)");
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns(new TableColumn("id").NoWrap(), new TableColumn("campaign"), new TableColumn("phase").NoWrap(), new TableColumn("created").NoWrap());
            foreach (var job in jobs.OrderByDescending(j => j.Created))
                table.AddRow(Markup.Escape(job.Id), Markup.Escape(job.Campaign), job.Phase.ToString(),
                    job.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    static Command Cancel()
    {
        var api = ClusterOptions.Api();
        var id = new Argument<string>("id") { Description = "The hardening job's id (`noken harden list` shows them)" };
        var command = new Command("cancel", "Cancel a hardening job for good: the silo training it stops within seconds") { id, api };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var client = ClusterOptions.Connect(parse, api);
            var status = ClusterOptions.Wait(new HardeningJobClient(client).CancelAsync(parse.GetValue(id)!));
            Console.WriteLine($"{status.Id}: {status.Phase}");
            return 0;
        }));
        return command;
    }
}
