using System.CommandLine;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken model inspect | logits | generate</c>.</summary>
internal static class ModelCommands
{
    public static Command Build() => new("model", "Look inside a checkpoint and run it")
    {
        InspectCommand.Build(),
        LogitsCommand.Build(),
        GenerateCommand.Build(),
    };
}
