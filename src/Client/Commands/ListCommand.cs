using System.CommandLine;
using Orleans.Noken.Client.Cluster;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken list</c>: every campaign the cluster knows, newest first.</summary>
internal static class ListCommand
{
    public static Command Build()
    {
        var api = ClusterOptions.Api();
        var command = new Command("list", "List the cluster's campaigns: id, name, phase, created") { api };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var client = ClusterOptions.Connect(parse, api);
            var campaigns = ClusterOptions.Wait(client.ListAsync());
            if (campaigns.Count == 0)
            {
                Console.WriteLine($"no campaigns on {client.Endpoint.Display} yet (start one with `noken submit SPEC`)");
                return 0;
            }
            // Ids are what every other command takes: they never wrap, the names do.
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns(new TableColumn("id").NoWrap(), new TableColumn("name"), new TableColumn("phase").NoWrap(), new TableColumn("created").NoWrap());
            foreach (var campaign in campaigns.OrderByDescending(c => c.Created))
                table.AddRow(Markup.Escape(campaign.Id), Markup.Escape(campaign.Name), campaign.Phase.ToString(),
                    campaign.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
