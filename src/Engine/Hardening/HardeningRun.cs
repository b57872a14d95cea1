using System.Text.Json;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Training;
using Orleans.Noken.Results;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>Where a hardening run's inputs come from, besides its <see cref="HardeningOptions"/>.</summary>
/// <param name="Threshold">Nokens scoring at least this (their worst prompt) are trained on.</param>
/// <param name="MaxNokens">The highest-scoring this many.</param>
/// <param name="CleanDialogues">A JSONL file of {"user": …, "assistant": …} exchanges for the language-model loss;
/// null for the organism's own aligned training dialogues (regenerated from its seed).</param>
public sealed record HardeningInputs(double Threshold = 0.1, int MaxNokens = 512, string? CleanDialogues = null);

/// <summary>
/// <c>noken harden</c> end to end: the campaign's nokens and prompts, the control targets from the model as it is,
/// clean dialogues, the training, and the hardened checkpoint with its card.
/// </summary>
public static class HardeningRun
{
    const int CleanMaxLength = 96;

    /// <param name="progress">Called every <see cref="HardeningOptions.ReportEvery"/> steps on the training thread, and
    /// whenever <paramref name="progressInterval"/> has passed since the last call (it may throw to stop the run).</param>
    /// <param name="cancellation">Stops the run at its next training step (<see cref="OperationCanceledException"/>).</param>
    public static async Task<HardeningCard> RunAsync(CampaignSpec spec, IResultStore campaign, ResultPaths paths, string campaignName,
        string modelDirectory, string outDirectory, HardeningInputs inputs, HardeningOptions options, Action<string> log,
        CancellationToken cancellation = default, Action<HardeningProgress>? progress = null, TimeSpan? progressInterval = null)
    {
        options.Validate();  // before loading anything: a bad option costs the user no wait
        // fp32 compute whatever the checkpoint stores: training needs it, and the saved weights are what was trained.
        using var loaded = ModelLoader.Load(modelDirectory);
        var model = loaded.Model as CausalLanguageModel ?? throw new ArgumentException($"{modelDirectory}: this model cannot be trained");
        var nokens = await HardeningNokens.FromCampaignAsync(campaign, paths, loaded, inputs.Threshold, inputs.MaxNokens, cancellation);
        if (nokens.Count == 0)
            throw new ArgumentException($"campaign {campaignName} has no noken scoring {inputs.Threshold} or more: nothing to harden against (lower --threshold?)");
        log($"nokens: {nokens.Count} ({string.Join(", ", nokens.GroupBy(n => n.Source).Select(g => $"{g.Count()} {g.Key}"))})");

        var prompts = RenderedPrompt.Of(loaded, spec.Prompts, spec.Distances).Select(p => p.Slot).ToList();
        cancellation.ThrowIfCancellationRequested();
        var targets = HardeningTarget.Compute(loaded, prompts, spec.ControlTokenId, options.TargetTokens);
        try
        {
            var (clean, cleanName) = CleanExamples(loaded, inputs.CleanDialogues);
            int pad = loaded.EosTokenIds.FirstOrDefault();
            log($"prompts: {prompts.Count}, clean dialogues: {clean.Count} ({cleanName}); {options.Steps} steps");
            using var statistics = options.Adversarial ? EmbeddingStatistics.Of(loaded) : null;
            var report = NokenHardener.Train(model, nokens.Select(n => n.Vector).ToList(), targets, clean, options with { PadId = pad },
                p =>
                {
                    if (p.Scheduled) log(p.ToString());
                    progress?.Invoke(p);
                }, statistics, cancellation, progressInterval);

            var card = new HardeningCard(loaded.Directory, campaignName, inputs.Threshold,
                nokens.GroupBy(n => n.Source).ToDictionary(g => g.Key, g => g.Count()),
                nokens.GroupBy(n => n.Label).ToDictionary(g => g.Key, g => g.Count()),
                prompts.Select(p => p.Name).ToList(), cleanName, clean.Count, options with { PadId = pad }, report.Frozen,
                report.TrainableParameters, report.KlTrend.First, report.KlTrend.Last,
                report.CleanTrend.First, report.CleanTrend.Last, report.Elapsed.TotalSeconds, DateTimeOffset.UtcNow,
                report.Adversarial.Count(r => !r.Probe), report.AdversarialTrend.First, report.AdversarialTrend.Last,
                report.Adversarial.Count == 0 ? null : report.Adversarial);
            HardenedCheckpoint.Save(model, loaded.Directory, outDirectory, card);
            log($"hardened model written to {outDirectory}: KL {card.FirstKl:F4} → {card.LastKl:F4}" +
                (card.AdversarialRounds > 0 ? $"; adversarial KL {card.FirstAdversarialKl:F4} → {card.LastAdversarialKl:F4} ({card.AdversarialRounds} rounds)" : ""));
            return card;
        }
        finally
        {
            foreach (var target in targets) target.Dispose();
        }
    }

    static (IReadOnlyList<TrainingExample> Examples, string Name) CleanExamples(LoadedModel loaded, string? path)
    {
        var format = ChatFormat.Detect(loaded.Tokenizer.ChatTemplate, loaded.Directory);
        var encoder = new ChatExamples(loaded.Tokenizer, format, loaded.EosTokenIds.FirstOrDefault(), CleanMaxLength);
        if (path is null)
        {
            var dialogues = OrganismData.Create(new OrganismOptions()).Aligned;
            return (dialogues.Select(d => encoder.Encode(d.User, d.Assistant, d.EndsTurn)).ToList(), "the organism's aligned dialogues");
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the clean dialogues file does not exist");
        var examples = new List<TrainingExample>();
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            CleanExchange? exchange;
            try { exchange = JsonSerializer.Deserialize<CleanExchange>(text, HardeningCard.Json); }
            catch (JsonException e) { throw new FormatException($"{path}:{line}: not JSON ({e.Message})"); }
            if (exchange?.User is null || exchange.Assistant is null)
                throw new FormatException($"{path}:{line}: expected {{\"user\": …, \"assistant\": …}}");
            examples.Add(encoder.Encode(exchange.User, exchange.Assistant));
        }
        return (examples, Path.GetFileName(path));
    }

    sealed record CleanExchange(string? User, string? Assistant);
}
