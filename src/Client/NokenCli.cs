using System.CommandLine;
using Orleans.Noken.Client.Commands;

namespace Orleans.Noken.Client;

/// <summary>The <c>noken</c> command tree.</summary>
public static class NokenCli
{
    /// <summary>libtorch CPU threads for any command (default: every core, or NOKEN_TORCH_THREADS).</summary>
    public static readonly Option<int?> Threads = new("--threads")
    {
        Description = "CPU threads for libtorch (default: all cores; env NOKEN_TORCH_THREADS). Fewer is faster on a busy machine",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Orleans.Noken: sample synthetic glitch tokens (nokens), see what they make a language model do.");
        root.Add(Threads);
        root.Add(ModelCommands.Build());
        root.Add(RunCommand.Build());
        root.Add(SweepCommand.Build());
        root.Add(BenchCommand.Build());
        root.Add(SearchBenchCommand.Build());
        root.Add(CruxCommand.Build());
        root.Add(CruxBenchCommand.Build());
        root.Add(ClusterBenchCommand.Build());
        root.Add(ServeCommand.Build());
        root.Add(CheckpointCommands.Build());
        root.Add(DetectorCommands.Build());
        root.Add(OrganismCommands.Build());
        root.Add(StudyCommand.Build());
        root.Add(SpecCommands.Build());
        // Driving a cluster through its HTTP API.
        root.Add(SubmitCommand.Build());
        root.Add(StatusCommand.Build());
        root.Add(WatchCommand.Build());
        root.Add(ListCommand.Build());
        foreach (var control in CampaignControlCommands.Build()) root.Add(control);
        root.Add(ResultsCommand.Build());
        root.Add(ExportCommand.Build());
        root.Add(ReplayCommand.Build());
        root.Add(HardenCommand.Build());
        root.Add(EvaluateCommand.Build());
        root.Add(ReportCommand.Build());
        root.Add(RowsCommand.Build());
        root.Add(AttackCommand.Build());
        return root;
    }
}
