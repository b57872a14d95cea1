using System.CommandLine;
using System.Text.Json;
using Orleans.Noken.Engine.Evaluation;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Reporting;
using Orleans.Noken.Results;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken report --campaign DIR… [--evaluation FILE] [--crux FILE] --out report.html</c>: the study as one HTML file
/// that opens offline (plots inline as SVG).</summary>
internal static class ReportCommand
{
    public static Command Build()
    {
        var campaigns = new Option<string[]>("--campaign", "-c")
        {
            Description = "A campaign's folder (from `noken run`, `sweep` or `export`); repeat for several",
            AllowMultipleArgumentsPerToken = true,
        };
        var evaluation = new Option<string[]>("--evaluation")
        {
            Description = "A `noken evaluate --json` file: a before/after hardening section; repeat (one per model size) for the size comparison",
            AllowMultipleArgumentsPerToken = true,
        };
        var crux = new Option<string[]>("--crux")
        {
            Description = "A `noken crux --json` file: the crux-1 table at equal budget; repeat for several",
            AllowMultipleArgumentsPerToken = true,
        };
        var arms = new Option<string[]>("--arms")
        {
            Description = "A `noken study arms` table (arms.json): the hardening study by its questions; repeat (one per model size) for the size comparison",
            AllowMultipleArgumentsPerToken = true,
        };
        var threshold = new Option<double?>("--threshold") { Description = "Score that counts as a hit (default: each campaign's search threshold, else 0.1)" };
        var title = new Option<string>("--title") { Description = "The report's title", DefaultValueFactory = _ => "Orleans.Noken report" };
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write", Required = true };
        var command = new Command("report", "Build a self-contained HTML report from campaigns' results and a hardening evaluation")
        {
            campaigns, evaluation, crux, arms, threshold, title, output,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var folders = parse.GetValue(campaigns) ?? [];
            var evaluationFiles = parse.GetValue(evaluation) ?? [];
            var cruxFiles = parse.GetValue(crux) ?? [];
            var armsFiles = parse.GetValue(arms) ?? [];
            if (folders.Length == 0 && evaluationFiles.Length == 0 && cruxFiles.Length == 0 && armsFiles.Length == 0)
                throw new ArgumentException("nothing to report: give --campaign DIR, --evaluation FILE, --crux FILE and/or --arms FILE");
            var facts = folders.Select(folder =>
            {
                if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such campaign folder");
                return CampaignFacts.LoadAsync(new FolderResultStore(folder), ResultPaths.AtRoot, Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/')),
                    parse.GetValue(threshold)).GetAwaiter().GetResult();
            }).ToList();
            var comparisons = evaluationFiles.Select(Comparison).ToList();
            var file = parse.GetValue(output)!;
            var cruxes = cruxFiles.Select(Engine.Attacks.Crux.CruxReport.Load).ToList();
            var tables = armsFiles.Select(ArmsTableFile).ToList();
            File.WriteAllText(file, HtmlReport.Build(parse.GetValue(title)!, facts, comparisons, cruxes, tables));
            Console.WriteLine($"report written to {Path.GetFullPath(file)} ({facts.Count} campaign(s), {comparisons.Count} hardening evaluation(s), {cruxes.Count} crux table(s), {tables.Count} arms table(s))");
            return 0;
        }));
        return command;
    }

    static Engine.Study.ArmsTable ArmsTableFile(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: the arms table does not exist");
        try
        {
            return JsonSerializer.Deserialize<Engine.Study.ArmsTable>(File.ReadAllBytes(file), Engine.Organism.OrganismJson.Options)
                ?? throw new FormatException($"{file}: empty arms table");
        }
        catch (JsonException e) { throw new FormatException($"{file}: not a `noken study arms` table ({e.Message})"); }
    }

    static HardeningComparison Comparison(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: the evaluation file does not exist");
        try
        {
            return JsonSerializer.Deserialize<HardeningComparison>(File.ReadAllBytes(file), HardeningCard.Json)
                ?? throw new FormatException($"{file}: empty evaluation");
        }
        catch (JsonException e) { throw new FormatException($"{file}: not a `noken evaluate --json` file ({e.Message})"); }
    }
}
