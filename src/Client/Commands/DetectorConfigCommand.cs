using System.CommandLine;
using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken detectors config</c>: the organism's default suite as JSON, a starting point for a campaign's own.</summary>
internal static class DetectorConfigCommand
{
    public static Command Build()
    {
        var command = new Command("config", "Print the default detector suite (the organism's) as JSON");
        command.SetAction(_ => CommonOptions.Guard(() =>
        {
            Console.WriteLine(DetectorSuiteConfig.Organism.ToJson());
            return 0;
        }));
        return command;
    }
}
