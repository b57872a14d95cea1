using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>
/// What a hardened checkpoint was trained on and how, written beside it as <c>hardening.json</c> (for tools) and a
/// model card <c>README.md</c> (for people): the source model, the campaign and its nokens, the prompts, the options
/// (the seed among them: the same inputs and seed give the same weights), and the losses. With adversarial rounds:
/// how many ran (the probes not counted) and the mean KL the adversary reached from held-aside starting vectors (never
/// trained on) before training and on the trained weights.
/// </summary>
public sealed record HardeningCard(
    string SourceModel,
    string Campaign,
    double Threshold,
    IReadOnlyDictionary<string, int> NokensBySource,
    IReadOnlyDictionary<string, int> NokensByLabel,
    IReadOnlyList<string> Prompts,
    string CleanData,
    int CleanDialogues,
    HardeningOptions Options,
    IReadOnlyList<string> Frozen,
    long TrainableParameters,
    double FirstKl,
    double LastKl,
    double FirstCleanLoss,
    double LastCleanLoss,
    double Seconds,
    DateTimeOffset Created,
    int AdversarialRounds = 0,
    double FirstAdversarialKl = double.NaN,
    double LastAdversarialKl = double.NaN,
    IReadOnlyList<AdversarialRound>? AdversarialHistory = null)
{
    public const string JsonFile = "hardening.json";
    public const string CardFile = "README.md";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static HardeningCard Read(string directory) =>
        JsonSerializer.Deserialize<HardeningCard>(File.ReadAllBytes(Path.Combine(directory, JsonFile)), Json)
        ?? throw new InvalidDataException($"{Path.Combine(directory, JsonFile)} is empty");

    public void Write(string directory)
    {
        File.WriteAllText(Path.Combine(directory, JsonFile), JsonSerializer.Serialize(this, Json));
        File.WriteAllText(Path.Combine(directory, CardFile), Markdown());
    }

    public string Markdown()
    {
        static string F(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);
        static string Counts(IReadOnlyDictionary<string, int> counts) =>
            string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));
        var card = new StringBuilder();
        card.AppendLine("# Hardened against nokens (Orleans.Noken)").AppendLine();
        card.AppendLine($"Fine-tuned from `{SourceModel}` with `noken harden` on the nokens campaign `{Campaign}` found, so that a");
        card.AppendLine("noken in a prompt's slot moves the model's next-token distributions as little as possible away from the");
        card.AppendLine("prompt's control (KL along the control's own continuation), mixed with the ordinary language-model loss on");
        card.AppendLine("clean dialogues so that the model keeps its capability.").AppendLine();
        card.AppendLine("## Trained on").AppendLine();
        card.AppendLine($"- nokens: {NokensBySource.Values.Sum()} ({Counts(NokensBySource)}), score at or above {Threshold.ToString(CultureInfo.InvariantCulture)}");
        card.AppendLine($"- their behaviours: {Counts(NokensByLabel)}");
        card.AppendLine($"- prompts ({Prompts.Count}): {string.Join(", ", Prompts.Select(p => $"`{p}`"))}");
        card.AppendLine($"- clean data: {CleanData} ({CleanDialogues} dialogues), weight {Options.CleanWeight.ToString(CultureInfo.InvariantCulture)}");
        card.AppendLine().AppendLine("## How").AppendLine();
        card.AppendLine($"- {Options.Steps} steps of {Options.BatchSize} (noken × prompt) pairs and {Options.CleanBatchSize} clean dialogues, AdamW, peak learning rate {Options.PeakLearningRate.ToString(CultureInfo.InvariantCulture)}, seed {Options.Seed}");
        card.AppendLine($"- KL over the first {Options.TargetTokens} tokens of each prompt's control continuation");
        card.AppendLine($"- frozen (the vocabulary's geometry): {string.Join(", ", Frozen.Select(f => $"`{f}`"))}; {TrainableParameters:N0} parameters trained");
        card.AppendLine().AppendLine("## Losses").AppendLine();
        card.AppendLine("| | first 10% of steps | last 10% |").AppendLine("|---|---|---|");
        card.AppendLine($"| KL on nokens | {F(FirstKl)} | {F(LastKl)} |");
        if (!double.IsNaN(FirstCleanLoss)) card.AppendLine($"| clean dialogues' loss | {F(FirstCleanLoss)} | {F(LastCleanLoss)} |");
        if (AdversarialRounds > 0)
        {
            card.AppendLine().AppendLine("## Adversarial rounds").AppendLine();
            card.AppendLine($"Every {Options.AdversarialEvery} steps ({AdversarialRounds} rounds), {Options.AdversarialNokens} vectors climbed the KL for {Options.AscentSteps} steps of projected");
            card.AppendLine($"gradient ascent (step {Options.AscentStepSize.ToString(CultureInfo.InvariantCulture)} × the median token norm, norms held between the tokens' 1st and 99th percentiles); their finds");
            card.AppendLine($"made up {Options.AdversarialShare.ToString(CultureInfo.InvariantCulture)} of each batch's pairs (so the KL above mixes campaign and adversarial nokens).").AppendLine();
            card.AppendLine("| mean KL the adversary reached from held-aside starts (never trained on) | |").AppendLine("|---|---|");
            card.AppendLine($"| before training | {F(FirstAdversarialKl)} |");
            card.AppendLine($"| after training | {F(LastAdversarialKl)} |");
        }
        card.AppendLine().AppendLine($"{Seconds:F0} s on {Environment.ProcessorCount} CPU threads, {Created:yyyy-MM-dd}. Whether this carries over to held-out nokens,");
        card.AppendLine("a fresh search and ordinary text is for the evaluation to say, not this card.");
        return card.ToString();
    }
}
