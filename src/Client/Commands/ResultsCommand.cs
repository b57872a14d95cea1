using System.CommandLine;
using System.Text.Json;
using Orleans.Noken.Client.Cluster;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken results ID [--top N] [--json]</c>: the campaign's best nokens so far (its elite archive), each with
/// the continuation it drew and the id that <c>noken replay</c> takes.</summary>
internal static class ResultsCommand
{
    public static Command Build()
    {
        var api = ClusterOptions.Api();
        var id = ClusterOptions.OptionalCampaignId();
        var folder = ClusterOptions.LocalFolder();
        var top = new Option<int>("--top", "-n") { Description = "How many elites to show, best first", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the elites as JSON (with their recipes)" };
        var command = new Command("results", "Show a campaign's top elites with their continuations (a cluster's by id, or a local folder's with --out)") { id, api, folder, top, json };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var n = parse.GetValue(top);
            if (n < 1) throw new ArgumentException($"--top must be at least 1 (got {n})");
            var (campaign, local) = ClusterOptions.Target(parse, id, folder);
            IReadOnlyList<Abstractions.EliteView> elites;
            if (local is not null) elites = LocalCampaign.Elites(local);
            else
            {
                using var client = ClusterOptions.Connect(parse, api);
                elites = ClusterOptions.Wait(client.ElitesAsync(campaign!));
            }
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(elites.Take(n), ApiJson.Indented));
                return 0;
            }
            if (elites.Count == 0)
            {
                Console.WriteLine($"campaign {campaign ?? local} has no elites yet (a noken becomes one when its objective score is above 0)");
                return 0;
            }
            AnsiConsole.Write(StatusView.Elites(elites, n, width: null));
            Console.WriteLine(local is null ? $"replay one locally with: noken replay {elites[0].NokenId} --campaign {campaign}"
                : $"replay one with: noken replay --recipe '{elites[0].Recipe}' --index {elites[0].Index} --spec {Path.Combine(local, "spec.json")}");
            return 0;
        }));
        return command;
    }
}
