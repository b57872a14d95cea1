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
        var id = ClusterOptions.OptionalCampaignId();
        var folder = ClusterOptions.LocalFolder();
        var json = new Option<bool>("--json") { Description = "Print the status JSON as the API returned it" };
        var command = new Command("status", "Show a campaign's phase, progress, rate, ETA, shards, hits, labels and silos (a cluster's by id; a local folder's progress with --out)") { id, api, folder, json };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var (campaign, local) = ClusterOptions.Target(parse, id, folder);
            if (local is not null)
            {
                if (parse.GetValue(json)) throw new ArgumentException("--json is the cluster API's status; a local folder's files are the JSON (summary.json, shards/*.summary.json)");
                LocalCampaign.PrintStatus(local);
                return 0;
            }
            using var client = ClusterOptions.Connect(parse, api);
            if (parse.GetValue(json))
            {
                // Re-indented but otherwise untouched: fields this CLI does not know yet still reach the script.
                var raw = ClusterOptions.Wait(client.StatusJsonAsync(campaign!));
                Console.WriteLine(JsonNode.Parse(raw)?.ToJsonString(ApiJson.Indented) ?? raw);
                return 0;
            }
            var status = ClusterOptions.Wait(client.StatusAsync(campaign!));
            AnsiConsole.Write(StatusView.Summary(status, DateTimeOffset.Now));
            return 0;
        }));
        return command;
    }
}
