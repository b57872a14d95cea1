using System.Diagnostics;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>
/// Fine-tunes a model not to be moved by nokens: on (noken × prompt) pairs, the KL from the control's next-token
/// distributions (<see cref="HardeningTarget"/>) to the model's with the noken in the slot, plus the ordinary
/// language-model loss on clean dialogues. AdamW, warm-up + cosine schedule, global gradient clipping, through the
/// engine's own training forward. The vocabulary's parameters (<see cref="CausalLanguageModel.VocabularyParameterNames"/>)
/// stay fixed. Deterministic for a seed: pairs and dialogues are drawn from seeded shuffles. With
/// <see cref="HardeningOptions.AdversarialEvery"/> set, every few steps an <see cref="AdversarialTraining"/> round
/// searches nokens against the current weights (which needs the embedding <paramref name="statistics"/>) and a share of
/// each batch comes from its finds; a closing probe measures what the search reaches on the trained weights.
/// </summary>
public static class NokenHardener
{
    /// <param name="progress">Called every <see cref="HardeningOptions.ReportEvery"/> steps, and also whenever
    /// <paramref name="progressInterval"/> has passed since the last call (a cluster job's status must move every few
    /// seconds however many steps it has).</param>
    /// <param name="cancellation">Checked before every step (and every adversarial round): a cancelled job, a lost
    /// lease or a stopping silo gets the model thread back within one step, the step's tensors disposed.</param>
    public static HardeningReport Train(CausalLanguageModel model, IReadOnlyList<float[]> nokens, IReadOnlyList<HardeningTarget> targets,
        IReadOnlyList<TrainingExample> clean, HardeningOptions options, Action<HardeningProgress>? progress = null,
        EmbeddingStatistics? statistics = null, CancellationToken cancellation = default, TimeSpan? progressInterval = null)
    {
        options.Validate();
        if (options.Adversarial && statistics is null)
            throw new ArgumentException("adversarial rounds need the model's embedding statistics (their norms bound the search)", nameof(statistics));
        if (nokens.Count == 0) throw new ArgumentException("no nokens to harden against", nameof(nokens));
        if (targets.Count == 0) throw new ArgumentException("no prompts to harden on", nameof(targets));
        if (options.CleanBatchSize > 0 && options.CleanWeight > 0 && clean.Count == 0)
            throw new ArgumentException("no clean dialogues for the language-model loss (set the clean weight to 0 to train without)", nameof(clean));

        var frozen = model.VocabularyParameterNames;
        var trainable = new List<TorchSharp.Modules.Parameter>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.requires_grad = !frozen.Contains(name);
            if (parameter.requires_grad) trainable.Add(parameter);
        }

        var schedule = new LearningRateSchedule(options.PeakLearningRate, options.WarmupSteps, options.Steps, options.MinLearningRateFraction);
        var pairOrder = new ShuffledOrder(nokens.Count * targets.Count, options.Seed);
        var cleanOrder = new ShuffledOrder(Math.Max(clean.Count, 1), options.Seed + 1);
        bool useClean = options.CleanBatchSize > 0 && options.CleanWeight > 0;
        var adversary = options.Adversarial ? new AdversarialTraining(model, statistics!, nokens, targets, options) : null;
        int adversarialPairs = adversary is null ? 0 : (int)Math.Round(options.BatchSize * options.AdversarialShare);
        double adversarialKl = double.NaN;
        model.train();
        using var optimizer = optim.AdamW(trainable, lr: schedule.At(0), beta1: 0.9, beta2: 0.95, weight_decay: options.WeightDecay);

        var steps = new List<HardeningStep>(options.Steps);
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        try
        {
            cancellation.ThrowIfCancellationRequested();
            adversary?.Probe(0);
            for (int step = 0; step < options.Steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                double lr = schedule.At(step);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
                if (adversary is not null && step % options.AdversarialEvery == 0)
                    adversarialKl = adversary.Round(step, nokens).FoundKl;
                int fromAdversary = adversary is null ? 0 : adversarialPairs;
                var pairs = pairOrder.Next(options.BatchSize - fromAdversary).Select(i => (nokens[i / targets.Count], targets[i % targets.Count])).ToList();
                if (adversary is not null) pairs.AddRange(adversary.Pairs(fromAdversary));

                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var kl = HardeningBatch.KlLoss(model, pairs);
                var total = kl;
                double cleanLoss = double.NaN;
                if (useClean)
                {
                    var batch = cleanOrder.Next(options.CleanBatchSize).Select(i => clean[i]).ToList();
                    var (inputs, labels, _) = PaddedBatch.Build(batch, options.PadId);
                    var lm = MaskedLoss.Of(model, inputs, labels);
                    cleanLoss = lm.item<float>();
                    total = kl + lm * options.CleanWeight;
                }
                total.backward();
                nn.utils.clip_grad_norm_(trainable, options.GradientClip);
                optimizer.step();
                steps.Add(new HardeningStep(kl.item<float>(), cleanLoss));

                bool scheduled = (step + 1) % options.ReportEvery == 0 || step == options.Steps - 1;
                if (progress is not null && (scheduled || clock.Elapsed - lastReport >= progressInterval))
                {
                    lastReport = clock.Elapsed;
                    var window = steps.TakeLast(Math.Min(options.ReportEvery, steps.Count)).ToList();
                    var perStep = clock.Elapsed / (step + 1);
                    progress(new HardeningProgress(step + 1, options.Steps, window.Average(s => s.Kl),
                        useClean ? window.Average(s => s.Clean) : double.NaN, lr, clock.Elapsed, perStep * (options.Steps - step - 1))
                    { AdversarialKl = adversarialKl, Scheduled = scheduled });
                }
            }
            if (adversary is not null)
            {
                var probe = adversary.Probe(options.Steps);
                progress?.Invoke(new HardeningProgress(options.Steps, options.Steps, steps[^1].Kl, steps[^1].Clean, schedule.At(options.Steps - 1),
                    clock.Elapsed, TimeSpan.Zero) { AdversarialKl = probe.FoundKl, IsProbe = true });
            }
        }
        finally
        {
            model.eval();
            foreach (var (_, parameter) in model.named_parameters()) parameter.requires_grad = true;
        }
        return new HardeningReport(steps, frozen.Order(StringComparer.Ordinal).ToList(), trainable.Sum(p => p.numel()), clock.Elapsed)
        {
            Adversarial = adversary?.Rounds ?? [],
        };
    }
}

/// <summary>One step's losses: the KL on nokens and the clean dialogues' cross-entropy (NaN when not used).</summary>
public sealed record HardeningStep(double Kl, double Clean);

public sealed record HardeningProgress(int Step, int Steps, double Kl, double Clean, double LearningRate, TimeSpan Elapsed, TimeSpan Remaining)
{
    /// <summary>The mean KL the latest adversarial round's finds reached (NaN without adversarial rounds).</summary>
    public double AdversarialKl { get; init; } = double.NaN;

    /// <summary>False for a report sent only because <c>progressInterval</c> passed: worth showing in a status, not
    /// worth a log line.</summary>
    public bool Scheduled { get; init; } = true;

    /// <summary>This line reports the closing probe (the climb from held-aside starts) on the trained weights, not a training step.</summary>
    public bool IsProbe { get; init; }

    public override string ToString() => IsProbe
        ? $"harden probe after {Steps} steps: adversarial KL {AdversarialKl:F4} (the ascent from held-aside starts, never trained on), {Elapsed.TotalSeconds:F0}s elapsed"
        : $"harden step {Step}/{Steps}: KL {Kl:F4}" + (double.IsNaN(Clean) ? "" : $", clean loss {Clean:F4}") +
          (double.IsNaN(AdversarialKl) ? "" : $", adversarial KL {AdversarialKl:F4}") +
          $", lr {LearningRate:G3}, {Elapsed.TotalSeconds:F0}s elapsed, ~{Remaining.TotalSeconds:F0}s left";
}

/// <param name="Frozen">The parameters left as they were (the vocabulary's).</param>
/// <param name="TrainableParameters">How many numbers training could change.</param>
public sealed record HardeningReport(IReadOnlyList<HardeningStep> Steps, IReadOnlyList<string> Frozen, long TrainableParameters, TimeSpan Elapsed)
{
    /// <summary>Mean KL over the first and last tenth of the steps (at least one step each).</summary>
    public (double First, double Last) KlTrend => Trend(s => s.Kl);

    /// <summary>The opening probe, the adversarial rounds in order, the closing probe (empty without adversarial training).</summary>
    public IReadOnlyList<AdversarialRound> Adversarial { get; init; } = [];

    /// <summary>The mean KL the adversary reached from the held-aside starts on the weights before training and after
    /// (the two probes); NaN without adversarial training.</summary>
    public (double First, double Last) AdversarialTrend =>
        Adversarial.Count == 0 ? (double.NaN, double.NaN) : (Adversarial[0].FoundKl, Adversarial[^1].FoundKl);

    /// <summary>The clean dialogues' loss the same way (NaN when training used none).</summary>
    public (double First, double Last) CleanTrend => Trend(s => s.Clean);

    (double First, double Last) Trend(Func<HardeningStep, double> loss)
    {
        int window = Math.Max(1, Steps.Count / 10);
        return (Steps.Take(window).Average(loss), Steps.TakeLast(window).Average(loss));
    }
}
