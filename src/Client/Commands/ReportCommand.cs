using System.CommandLine;
using System.Text.Json;
using Orleans.Noken.Engine.Evaluation;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Reporting;
using Orleans.Noken.Results;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken report --campaign DIR… [--evaluation FILE] --out report.html</c>: the study as one HTML file
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
        var evaluation = new Option<string?>("--evaluation") { Description = "A `noken evaluate --json` file: the before/after hardening section" };
        var threshold = new Option<double?>("--threshold") { Description = "Score that counts as a hit (default: each campaign's search threshold, else 0.1)" };
        var title = new Option<string>("--title") { Description = "The report's title", DefaultValueFactory = _ => "Orleans.Noken report" };
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write", Required = true };
        var command = new Command("report", "Build a self-contained HTML report from campaigns' results and a hardening evaluation")
        {
            campaigns, evaluation, threshold, title, output,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var folders = parse.GetValue(campaigns) ?? [];
            var evaluationFile = parse.GetValue(evaluation);
            if (folders.Length == 0 && evaluationFile is null) throw new ArgumentException("nothing to report: give --campaign DIR and/or --evaluation FILE");
            var facts = folders.Select(folder =>
            {
                if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such campaign folder");
                return CampaignFacts.LoadAsync(new FolderResultStore(folder), ResultPaths.AtRoot, Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/')),
                    parse.GetValue(threshold)).GetAwaiter().GetResult();
            }).ToList();
            HardeningComparison? comparison = null;
            if (evaluationFile is not null)
            {
                if (!File.Exists(evaluationFile)) throw new FileNotFoundException($"{evaluationFile}: the evaluation file does not exist");
                try { comparison = JsonSerializer.Deserialize<HardeningComparison>(File.ReadAllBytes(evaluationFile), HardeningCard.Json); }
                catch (JsonException e) { throw new FormatException($"{evaluationFile}: not a `noken evaluate --json` file ({e.Message})"); }
            }
            var file = parse.GetValue(output)!;
            File.WriteAllText(file, HtmlReport.Build(parse.GetValue(title)!, facts, comparison));
            Console.WriteLine($"report written to {Path.GetFullPath(file)} ({facts.Count} campaign(s){(comparison is null ? "" : ", hardening evaluation")})");
            return 0;
        }));
        return command;
    }
}
