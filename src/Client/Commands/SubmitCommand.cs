using System.CommandLine;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken submit SPEC [--id ID] [--watch]</c>: sends a spec file's text to the cluster, which validates it (every
/// problem by field) and starts the campaign. The spec is sent as written, not parsed here: its model path means
/// something on the silos, not on this machine. Submitting the same spec under the same id again is harmless, so a
/// script can always submit then watch.
/// </summary>
internal static class SubmitCommand
{
    public static Command Build()
    {
        var api = ClusterOptions.Api();
        var spec = new Argument<string>("spec") { Description = "Campaign spec (YAML or JSON), as for `noken sweep`" };
        var id = new Option<string?>("--id") { Description = "The campaign id (default: made from the spec's name)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Then follow the campaign as `noken watch` does (exit code: its outcome)" };
        var interval = WatchCommand.Interval();
        var plain = WatchCommand.Plain();
        var command = new Command("submit", "Submit a campaign spec to a cluster and print the campaign's id") { spec, id, watch, api, interval, plain };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var path = parse.GetValue(spec)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the spec file does not exist");
            using var client = ClusterOptions.Connect(parse, api);
            var status = ClusterOptions.Wait(client.SubmitAsync(new CampaignSubmission(File.ReadAllText(path), parse.GetValue(id)), Path.GetFileName(path)));
            // The id alone on the first line, so a script can take it: id=$(noken submit spec.yaml | head -n1)
            Console.WriteLine(status.Id);
            Console.WriteLine($"{status.Phase}: {ProgressFormat.Count(status.Budget)} nokens on {status.Model}; results in {status.Results}");
            if (!parse.GetValue(watch))
            {
                Console.WriteLine($"follow it with: noken watch {status.Id}");
                return 0;
            }
            return WatchCommand.Follow(client, status.Id, parse.GetValue(interval), parse.GetValue(plain));
        }));
        return command;
    }
}
