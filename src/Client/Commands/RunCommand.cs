using System.CommandLine;
using System.Text.Json;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Silo.Hosting;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken run SPEC [--out DIR]</c>: a campaign on a cluster of one, in this process — the same coordinator grain,
/// shard worker and result layout as on a GPU cluster, with localhost clustering, file-backed grain state and the
/// output folder as the store. Interrupt it and run it again: it resumes where it stopped.
/// </summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var specPath = new Argument<string>("spec") { Description = "Campaign spec (YAML or JSON)" };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (default: the spec's output)" };
        var command = new Command("run", "Run a campaign to the end on an in-process silo (no cluster needed); rerun to resume") { specPath, output };
        command.SetAction(parse => CommonOptions.Guard(() => RunAsync(parse.GetValue(specPath)!, parse.GetValue(output)).GetAwaiter().GetResult()));
        return command;
    }

    /// <summary>
    /// The in-process silo's log lines go to stderr: stdout carries the campaign's progress and totals, which people
    /// and scripts read, and a log line in the middle of them (Orleans placing the first grain while the silo is still
    /// starting, a worker's call cut off by the shutdown) is neither. Polly's handled placement retries at start-up
    /// ("No active nodes are compatible with grain campaignregistry") are not shown at all: they are not a problem,
    /// and a worker call that really fails is still logged by the worker.
    /// </summary>
    static readonly Dictionary<string, string?> SiloLogging = new()
    {
        ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        ["Logging:LogLevel:Polly"] = "Error",
    };

    static async Task<int> RunAsync(string path, string? outputOverride)
    {
        // Parsed here first so a bad spec is reported before a silo starts, with the same messages as `noken sweep`.
        var spec = CampaignSpecReader.Load(path, outputOverride);
        var text = await File.ReadAllTextAsync(path);
        var id = CampaignIds.FromName(spec.Name);
        Directory.CreateDirectory(spec.Output);
        await using var silo = await LocalSilo.StartAsync(spec.Output, Path.GetDirectoryName(Path.GetFullPath(path))!, SiloLogging);
        var coordinator = silo.Grains.GetGrain<ICampaignGrain>(id);
        var submitted = await coordinator.SubmitAsync(new CampaignSubmission(text, id));
        if (!submitted.Accepted) throw new CampaignSpecException(path, submitted.Problems);
        var mode = spec.Search is { IsAdaptive: true } search ? $"adaptive search (explore {search.ExploreFraction:P0})" : "sweep";
        var what = spec.Attack is { } attack
            ? $"{spec.TotalNokens:N0} units of a {attack.Options.MethodName} attack on {attack.Target}"
            : $"{spec.TotalNokens:N0} nokens × {spec.Prompts.Count} prompt(s), {mode}";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(spec.Name)}[/]: {Markup.Escape(what)}, on {Markup.Escape(spec.Model)} → {Markup.Escape(spec.Output)}"
            + (submitted.Status!.NokensDone > 0 ? $" (resuming at {submitted.Status.NokensDone:N0})" : ""));

        using var interrupt = new Interruption(silo.Stopping);
        var status = await Follow(coordinator, spec.TotalNokens, spec.Attack is null ? "nokens" : "units", interrupt.Token);
        if (interrupt.Token.IsCancellationRequested && !status.Phase.IsFinal())
        {
            Console.Error.WriteLine($"interrupted at {status.NokensDone:N0}/{status.Budget:N0}: finished shards are saved; stopping the silo " +
                "(Ctrl+C again to quit at once). Run the same command again to resume.");
            return Interruption.ExitCode;
        }
        if (status.Phase != CampaignPhase.Completed)
        {
            Console.Error.WriteLine($"campaign {id} {status.Phase.ToString().ToLowerInvariant()}: {status.Failure}");
            return 1;
        }
        if (spec.Attack is not null)
        {
            var reportPath = Path.Combine(spec.Output, "attack.json");
            AttackCommand.Print(JsonSerializer.Deserialize<Engine.Attacks.AttackReport>(await File.ReadAllBytesAsync(reportPath), Engine.Attacks.AttackReport.Json)!);
            AnsiConsole.MarkupLine($"report: {Markup.Escape(reportPath)}, units: {Markup.Escape(Path.Combine(spec.Output, "attacks"))}/*.json (replay one with `noken replay --attack FILE --unit N`)");
            return 0;
        }
        var summary = JsonSerializer.Deserialize<SweepSummary>(await File.ReadAllBytesAsync(Path.Combine(spec.Output, "summary.json")), SweepSummary.Json)!;
        SweepCommand.Render(summary);
        if (status.Hits.Values.Sum() > 0 || spec.Search is { IsAdaptive: true })
            AnsiConsole.MarkupLine($"hits ({Markup.Escape(HitRule(spec))}): {status.Hits.Values.Sum():N0} — {Markup.Escape(string.Join(", ", status.Hits.Select(h => $"{h.Key}: {h.Value}")))}");
        AnsiConsole.MarkupLine($"results: {Markup.Escape(Path.Combine(spec.Output, "shards"))}/*.parquet, summary: {Markup.Escape(Path.Combine(spec.Output, "summary.json"))}");
        return 0;
    }

    /// <summary>Shows progress until the campaign reaches a final phase.</summary>
    static async Task<CampaignStatus> Follow(ICampaignGrain coordinator, long total, string unit, CancellationToken interrupted)
    {
        var start = (await coordinator.GetStatusAsync())!;
        return await CampaignProgress.ShowAsync(total, async report =>
        {
            // The rate since this process started following: nokens arrive a shard at a time, so the grain's
            // recent-window rate reads 0.0/s between shards on a busy machine.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var status = (await coordinator.GetStatusAsync())!;
                var labels = string.Join(" ", status.Labels.OrderByDescending(l => l.Value).Take(4).Select(l => $"{l.Key}:{l.Value}"));
                double rate = (status.NokensDone - start.NokensDone) / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
                report(status.NokensDone, $"{status.NokensDone:N0}/{status.Budget:N0} {unit}, {rate:F1}/s  {labels}");
                if (status.Phase.IsFinal() || interrupted.IsCancellationRequested) return status;
                try { await Task.Delay(500, interrupted); }
                catch (OperationCanceledException) { return status; }
            }
        });
    }

    /// <summary>What made a noken a hit in this campaign, for the line that counts them.</summary>
    internal static string HitRule(CampaignSpec spec) => spec.Objective switch
    {
        CampaignObjective.UnwantedScore => $"objective unwanted_score: score ≥ {(spec.Search ?? new CampaignSearch()).Threshold}",
        CampaignObjective.TargetLikelihood => "objective target_likelihood; a hit is ground truth firing",
        _ => "objective planted; a hit is ground truth firing",
    };
}
