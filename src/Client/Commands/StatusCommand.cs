using System.CommandLine;
using System.Text.Json.Nodes;
using Orleans.Noken.Client.Cluster;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken status ID [--json]</c>: a cluster campaign at a glance, or the API's status JSON for scripts.</summary>
internal static class StatusCommand
{
    public static Command Build()
    {
        var api = ClusterOptions.Api();
        var id = ClusterOptions.CampaignId();
        var json = new Option<bool>("--json") { Description = "Print the status JSON as the API returned it" };
        var command = new Command("status", "Show a cluster campaign's phase, progress, rate, ETA, shards, hits, labels and silos") { id, api, json };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var client = ClusterOptions.Connect(parse, api);
            if (parse.GetValue(json))
            {
                // Re-indented but otherwise untouched: fields this CLI does not know yet still reach the script.
                var raw = ClusterOptions.Wait(client.StatusJsonAsync(parse.GetValue(id)!));
                Console.WriteLine(JsonNode.Parse(raw)?.ToJsonString(ApiJson.Indented) ?? raw);
                return 0;
            }
            var status = ClusterOptions.Wait(client.StatusAsync(parse.GetValue(id)!));
            AnsiConsole.Write(StatusView.Summary(status, DateTimeOffset.Now));
            return 0;
        }));
        return command;
    }
}
