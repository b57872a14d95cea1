using System.CommandLine;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken pause | resume | cancel ID</c>: one shape, three verbs. Each prints the phase the campaign is in
/// afterwards, which is the coordinator's answer, not an echo of the request (cancelling a completed campaign leaves
/// it completed).</summary>
internal static class CampaignControlCommands
{
    public static IEnumerable<Command> Build() =>
    [
        Verb("pause", "Pause a cluster campaign: no new shards are issued until it resumes"),
        Verb("resume", "Resume a paused cluster campaign"),
        Verb("cancel", "Cancel a cluster campaign for good (its results so far stay in the store)"),
    ];

    static Command Verb(string action, string description)
    {
        var api = ClusterOptions.Api();
        var id = ClusterOptions.CampaignId();
        var command = new Command(action, description) { id, api };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var client = ClusterOptions.Connect(parse, api);
            var status = ClusterOptions.Wait(client.ControlAsync(parse.GetValue(id)!, action));
            Console.WriteLine($"{status.Id}: {status.Phase}");
            return 0;
        }));
        return command;
    }
}
