using System.CommandLine;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken detectors eval | config | calibrate</c>.</summary>
internal static class DetectorCommands
{
    public static Command Build() => new("detectors", "The behaviour detectors: measure them on a labelled set, print their configuration")
    {
        DetectorEvalCommand.Build(),
        DetectorConfigCommand.Build(),
        DetectorCalibrateCommand.Build(),
    };
}
