using System.CommandLine;
using Orleans.Noken.Client.Commands;

namespace Orleans.Noken.Client;

/// <summary>The <c>noken</c> command tree.</summary>
public static class NokenCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Orleans.Noken: sample synthetic glitch tokens (nokens), see what they make a language model do.");
        root.Add(ModelCommands.Build());
        root.Add(BenchCommand.Build());
        root.Add(CheckpointCommands.Build());
        root.Add(OrganismCommands.Build());
        return root;
    }
}
