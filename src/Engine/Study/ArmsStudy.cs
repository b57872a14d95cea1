using System.Text.Json;
using Orleans.Noken.Engine.Organism;

namespace Orleans.Noken.Engine.Study;

/// <summary>
/// Every arm × seed at equal compute, resumable: each run writes <c>runs/{arm}-seed{n}.json</c> when it finishes and a
/// rerun skips every run whose file is there, so an interrupted study loses at most the runs in flight. Arm 0 trains
/// nothing and decodes greedily, so its one evaluation stands for every seed (its spread is 0 by construction, not by
/// measurement). When the runs are in, <c>arms.json</c> summarises them (<see cref="ArmsTable"/>) and <c>study.json</c>
/// answers the study's questions from it (<see cref="StudyQuestions"/>).
/// </summary>
public static class ArmsStudy
{
    public const string RunsFolder = "runs", TableFile = "arms.json";

    /// <param name="modelName">How the table names the model (what the user typed, not a machine path).</param>
    /// <param name="tableOnly">Train nothing: summarise the runs already finished (an arm with fewer seeds says so in
    /// its row), for a look at a study in progress.</param>
    public static ArmsTable Run(string alignedDirectory, string outDirectory, OrganismOptions organism, StudyOptions options, Action<string> log,
        CancellationToken cancellation = default, string? modelName = null, bool tableOnly = false)
    {
        options.Validate();
        if (!File.Exists(Path.Combine(alignedDirectory, "config.json")))
            throw new FileNotFoundException($"{alignedDirectory}: no config.json (the study needs the aligned organism's folder)");
        var evaluated = organism with { OrdinaryPrompts = options.OrdinaryPrompts };
        var data = OrganismData.Create(evaluated);
        var runsDirectory = Path.Combine(outDirectory, RunsFolder);
        Directory.CreateDirectory(runsDirectory);
        var jobs = (from arm in options.Arms from seed in arm == HardeningArm.None ? [0] : options.Seeds select (arm, seed)).ToList();
        var pending = jobs.Where(j => !Done(RunFile(runsDirectory, j.arm, j.seed), options)).ToList();
        log($"{jobs.Count} runs ({options.Arms.Count} arms × {options.Seeds.Count} seeds, arm 0 once), {jobs.Count - pending.Count} already done; budget {options.Budget:N0} forward-pass equivalents each");

        if (tableOnly)
        {
            if (pending.Count > 0) log($"{pending.Count} runs not done yet, left out of the table (rerun without --table-only to train them)");
            jobs = [.. jobs.Except(pending)];
            pending = [];
        }
        Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellation }, job =>
        {
            var run = ArmTrainer.Run(alignedDirectory, job.arm, job.seed, data, evaluated, options, log);
            var file = RunFile(runsDirectory, job.arm, job.seed);
            File.WriteAllText(file + ".tmp", OrganismJson.Serialize(run));
            File.Move(file + ".tmp", file, overwrite: true); // a run is done exactly when its file exists
        });

        var runs = jobs.Select(j => Read(RunFile(runsDirectory, j.arm, j.seed), options.Budget)).ToList();
        var table = ArmsTable.Of(runs, options, modelName ?? alignedDirectory);
        File.WriteAllText(Path.Combine(outDirectory, TableFile), OrganismJson.Serialize(table));
        File.WriteAllText(Path.Combine(outDirectory, StudyAnswers.File), OrganismJson.Serialize(StudyQuestions.Of(table)));
        return table;
    }

    /// <summary>A run is done when its file is there and has the suite the study asks for (a run from a study without
    /// the suite is redone, not mixed in without it).</summary>
    static bool Done(string file, StudyOptions options) => File.Exists(file) && (options.Suite is null || Read(file, options.Budget).Suite is not null);

    static string RunFile(string directory, HardeningArm arm, int seed) => Path.Combine(directory, $"{arm.Id}-{arm.Name}-seed{seed}.json");

    /// <summary>A finished run, refused when it was trained at another budget: the table claims equal compute.</summary>
    static ArmRun Read(string file, long budget)
    {
        ArmRun run;
        try
        {
            run = JsonSerializer.Deserialize<ArmRun>(File.ReadAllText(file), OrganismJson.Options)
                ?? throw new InvalidDataException($"{file}: empty run file");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not a run file ({e.Message}); delete it to redo the run", e);
        }
        if (run.Budget != budget && run.Arm != HardeningArm.None.Name) // arm 0 trains nothing: any budget is its own
            throw new InvalidDataException($"{file}: trained at a budget of {run.Budget:N0}, not {budget:N0}; use another --out or the same --budget");
        return run;
    }
}
