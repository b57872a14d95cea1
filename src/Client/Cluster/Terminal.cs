using Spectre.Console;

namespace Orleans.Noken.Client.Cluster;

/// <summary>Whether output can be redrawn in place. A pipe, a file, a CI log or a test capturing stdout gets plain
/// lines instead: a live display there is a stream of escape codes.</summary>
internal static class Terminal
{
    public static bool IsLive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities is { Interactive: true, Ansi: true };
}
