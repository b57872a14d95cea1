using System.CommandLine;
using System.Globalization;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken model generate</c>: one prompt, continued without a noken and with each sampled noken, side by side,
/// with what each noken is closest to among real tokens.
/// </summary>
internal static class GenerateCommand
{
    public static Command Build()
    {
        var model = CommonOptions.Model();
        var dtype = CommonOptions.Dtype();
        var prompt = new Option<string>("--prompt", "-p")
        {
            Description = $"Prompt text; {PromptTemplate.Slot} marks the noken's place (appended at the end when absent)",
            DefaultValueFactory = _ => PromptTemplate.Defaults[0].Text,
        };
        var chat = new Option<bool>("--chat") { Description = "Send the prompt as a user turn in the model's chat format" };
        var strategy = new Option<string>("--strategy") { Description = $"Noken strategy: {string.Join(", ", NokenStrategies.All)}", DefaultValueFactory = _ => NokenStrategies.GaussianDiag };
        var parameters = new Option<string[]>("--param") { Description = "Strategy parameter name=value (repeatable), e.g. --param scale=0.5", AllowMultipleArgumentsPerToken = false };
        var seed = new Option<long>("--noken-seed") { Description = "Noken recipe seed", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--nokens", "-n") { Description = "How many nokens (indices 0..n-1 of the recipe)", DefaultValueFactory = _ => 1 };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate", DefaultValueFactory = _ => 24 };
        var temperature = new Option<double>("--temperature") { Description = "0 for greedy", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { DefaultValueFactory = _ => 1.0 };
        var control = new Option<int?>("--control-token") { Description = "A neutral token id for the control (default: no token in the slot)" };
        var layer = new Option<int>("--layer") { Description = "Residual-stream layer to inject at (0: as an input embedding)", DefaultValueFactory = _ => 0 };
        var mode = new Option<string>("--mode") { Description = "replace or add (residual injection)", DefaultValueFactory = _ => "replace" };
        var command = new Command("generate", "Continue a prompt with and without nokens, side by side")
        {
            model, dtype, prompt, chat, strategy, parameters, seed, count, maxNew, temperature, topP, control, layer, mode,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            using var loaded = CommonOptions.Load(parse.GetValue(model)!, parse.GetValue(dtype)!);
            var text = parse.GetValue(prompt)!;
            if (!text.Contains(PromptTemplate.Slot, StringComparison.Ordinal)) text += " " + PromptTemplate.Slot;
            var useChat = parse.GetValue(chat);
            var template = new PromptTemplate("prompt", text, useChat);
            var slot = template.Render(loaded.Tokenizer, useChat ? ChatFormat.Detect(loaded.Tokenizer.ChatTemplate, loaded.Directory) : null);

            var recipe = new NokenRecipe(parse.GetValue(strategy)!, ParseParameters(parse.GetValue(parameters) ?? []), parse.GetValue(seed));
            using var statistics = EmbeddingStatistics.Of(loaded);
            var sampler = NokenSamplers.Create(recipe, statistics, loaded.Config);
            int n = parse.GetValue(count);
            if (n < 1) throw new ArgumentException("--nokens must be at least 1");
            using var nokens = sampler.SampleBatch(0, n);
            var metadata = NokenMetadata.Compute(nokens, 0, statistics, nearest: 3);

            var injection = new NokenInjection(parse.GetValue(layer), parse.GetValue(mode) switch
            {
                "replace" => ResidualEditMode.Replace,
                "add" => ResidualEditMode.Add,
                var other => throw new ArgumentException($"--mode must be replace or add, not '{other}'"),
            });
            var decoding = new DecodingOptions
            {
                MaxNewTokens = parse.GetValue(maxNew), Temperature = parse.GetValue(temperature), TopP = parse.GetValue(topP), Seed = parse.GetValue(seed),
            };
            var output = new ShardGenerator(loaded).Run(new ShardRequest(nokens, [slot], decoding)
            {
                ControlTokenId = parse.GetValue(control),
                Injection = injection,
            });
            Render(loaded, recipe, text, output, metadata);
            return 0;
        }));
        return command;
    }

    static string Shown(Continuation c) => Markup.Escape(c.Text) + (c.StoppedAtEos ? "[grey]⟨eos⟩[/]" : "");

    internal static Dictionary<string, double> ParseParameters(string[] pairs) => pairs.ToDictionary(
        p => p.Split('=', 2)[0].Trim(),
        p => p.Split('=', 2) is [_, var v] && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new ArgumentException($"--param '{p}' must be name=number"));

    static void Render(LoadedModel loaded, NokenRecipe recipe, string prompt, ShardOutput output, IReadOnlyList<NokenMetadata> metadata)
    {
        AnsiConsole.MarkupLine($"[bold]prompt[/] {Markup.Escape(prompt)}");
        AnsiConsole.MarkupLine($"[bold]recipe[/] {Markup.Escape(recipe.ToString())}");
        var table = new Table().AddColumns("", "noken (norm; nearest real tokens)", "continuation", "KL to control (step 1)");
        table.AddRow("control", "—", Shown(output.Controls[0]), "0");
        foreach (var pair in output.Pairs)
        {
            var meta = metadata[pair.NokenIndex];
            var nearest = string.Join(", ", meta.Nearest.Select(t => $"{loaded.Tokenizer.Decode([t.Id])}' {t.Cosine:F2}".Insert(0, "'")));
            var kl = pair.Continuation.KlFromControl.Length > 0 ? pair.Continuation.KlFromControl[0].ToString("F3", CultureInfo.InvariantCulture) : "—";
            table.AddRow($"#{pair.NokenIndex}", Markup.Escape($"{meta.Norm:F3}; {nearest}"), Shown(pair.Continuation), kl);
        }
        AnsiConsole.Write(table);
    }
}
