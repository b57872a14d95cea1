using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orleans.Noken.Engine.Models;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken model inspect DIR</c>: architecture, size, dtype, and the embedding matrix's suspects.</summary>
internal static class InspectCommand
{
    public static Command Build()
    {
        var directory = new Argument<string>("dir")
        {
            Description = "A Hugging Face model folder (default: the embedded organism)",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "organism",
        };
        var top = new Option<int>("--top") { Description = "How many under-trained suspects to list", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var command = new Command("inspect", "Architecture and embedding statistics, with tokens that look under-trained") { directory, top, json };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var loaded = CommonOptions.Load(parse.GetValue(directory)!, "fp32");
            var inspection = ModelInspection.Of(loaded, parse.GetValue(top));
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(inspection));
            else Render(inspection);
            return 0;
        }));
        return command;
    }

    static void Render(ModelInspection m)
    {
        var architecture = new Table().Title("[bold]architecture[/]").AddColumns("", "");
        architecture.HideHeaders();
        void Row(string key, object value) => architecture.AddRow(key, Markup.Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
        Row("folder", m.Directory);
        Row("model_type", $"{m.ModelType} ({m.Family} family)");
        Row("parameters", $"{m.Parameters:N0}");
        Row("layers × hidden", $"{m.Layers} × {m.HiddenSize}");
        Row("heads (kv heads) × head dim", $"{m.Heads} ({m.KeyValueHeads}) × {m.HeadDim}");
        Row("mlp width", m.IntermediateSize);
        Row("vocabulary (tokenizer)", $"{m.VocabSize} ({m.TokenizerSize})");
        Row("max positions", m.MaxPositions);
        Row("tied embeddings", m.TiedEmbeddings);
        Row("dtype stored / computed", $"{m.StoredDtype} / {m.ComputeDtype}");
        Row("chat format", m.ChatFormat ?? "none");
        AnsiConsole.Write(architecture);

        var n = m.EmbeddingNorms;
        var norms = new Table().Title("[bold]embedding norms[/]").AddColumns("mean", "std", "min", "p1", "p5", "p50", "p95", "p99", "max");
        norms.AddRow(new[] { n.Mean, n.Std, n.Min, n.P1, n.P5, n.P50, n.P95, n.P99, n.Max }.Select(v => v.ToString("F4", CultureInfo.InvariantCulture)).ToArray());
        AnsiConsole.Write(norms);
        var peak = Math.Max(1, n.Histogram.Counts.Max());
        for (int bin = 0; bin < n.Histogram.Counts.Count; bin++)
        {
            var low = n.Histogram.Min + bin * n.Histogram.BinWidth;
            var bar = new string('█', (int)Math.Ceiling(40.0 * n.Histogram.Counts[bin] / peak));
            AnsiConsole.MarkupLine($"  {low,9:F4} │{bar} {n.Histogram.Counts[bin]}");
        }

        AnsiConsole.Write(Suspects("[bold]under-trained suspects[/] (low norm, near the mean embedding)", "score", m.Undertrained));
        if (m.LikeUnusedRows.Count > 0)
            AnsiConsole.Write(Suspects($"[bold]tokens that look like the {m.UnusedRows} never-used padding rows[/]", "cos to unused", m.LikeUnusedRows));
    }

    static Table Suspects(string title, string scoreName, IReadOnlyList<SuspectToken> tokens)
    {
        var table = new Table().Title(title).AddColumns("id", "token", "text", "norm", "dist. to centroid", "cos to centroid", scoreName);
        foreach (var s in tokens)
            table.AddRow(s.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Token ?? "?"), Markup.Escape(JsonSerializer.Serialize(s.Text)),
                s.Norm.ToString("F4", CultureInfo.InvariantCulture), s.DistanceToCentroid.ToString("F4", CultureInfo.InvariantCulture),
                s.CosineToCentroid.ToString("F3", CultureInfo.InvariantCulture), s.Score.ToString("F2", CultureInfo.InvariantCulture));
        return table;
    }
}
