using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Hardening;

/// <summary>One step's harmful half after the adversary: trainable embeddings <c>[H, T, D]</c> and labels toward the
/// refusal and away from the planted reply.</summary>
public sealed record AttackedBatch(Tensor Toward, Tensor TowardLabels, Tensor Away, Tensor AwayLabels);

/// <summary>The loop's knobs shared by arms 5 and 6.</summary>
public sealed record RefusalLoopOptions(int Steps, int BatchSize, double LearningRate, int Seed, int PadId, int ReportEvery);

/// <summary>
/// Adversarial training toward refusals, the adversary left open (arm 5's continuous one, arm 6's GCG): each step, half
/// the batch is harmful requests the adversary has attacked, trained toward the refusal (cross-entropy) and away from
/// the planted reply (unlikelihood, −log(1 − p) per token); the other half is clean dialogue (cross-entropy). AdamW with
/// warm-up and cosine decay and global gradient clipping, as <see cref="CausalLmTrainer"/>. Arms that differ only in
/// their adversary share this loop, so the comparison is of adversaries and nothing else.
/// </summary>
public static class RefusalAdversarialLoop
{
    /// <param name="attack">The adversary, given the step and the harmful items drawn for it (indices below
    /// <paramref name="harmfulCount"/>); it runs with the weights frozen and returns the batch to train on.</param>
    public static IReadOnlyList<double> Train(CausalLanguageModel model, int harmfulCount, IReadOnlyList<TrainingExample> clean,
        RefusalLoopOptions options, Func<int, IReadOnlyList<int>, AttackedBatch> attack, string tag, Action<string>? log,
        CancellationToken cancellation = default)
    {
        if (harmfulCount == 0 || clean.Count == 0) throw new ArgumentException("adversarial refusal training needs harmful requests and clean examples");
        if (options.BatchSize < 2 || options.Steps < 1) throw new ArgumentOutOfRangeException(nameof(options), "batch ≥ 2 and steps ≥ 1");
        int half = options.BatchSize / 2;
        var schedule = new LearningRateSchedule(options.LearningRate, Math.Max(1, options.Steps / 20), options.Steps);
        var (harmfulOrder, cleanOrder) = (new ShuffledOrder(harmfulCount, options.Seed), new ShuffledOrder(clean.Count, options.Seed + 1));
        model.train();
        using var optimizer = optim.AdamW(model.parameters(), lr: schedule.At(0), beta1: 0.9, beta2: 0.95, weight_decay: 0);
        var losses = new List<double>(options.Steps);
        for (int step = 0; step < options.Steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var group in optimizer.ParamGroups) group.LearningRate = schedule.At(step);
            var harmful = harmfulOrder.Next(half).ToList();
            var cleanBatch = cleanOrder.Next(options.BatchSize - half).Select(i => clean[i]).ToList();
            using var scope = NewDisposeScope();
            var attacked = attack(step, harmful);

            optimizer.zero_grad();
            var toward = MaskedLoss.OfEmbeddings(model, attacked.Toward, attacked.TowardLabels);
            var away = Unlikelihood(model, attacked.Away, attacked.AwayLabels);
            var (cleanInputs, cleanLabels, _) = PaddedBatch.Build(cleanBatch, options.PadId);
            var utility = MaskedLoss.Of(model, cleanInputs, cleanLabels);
            var loss = toward + away + utility;
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            losses.Add(loss.item<float>());
            if (log is not null && ((step + 1) % options.ReportEvery == 0 || step == options.Steps - 1))
                log(FormattableString.Invariant($"[{tag}] step {step + 1}/{options.Steps} toward {toward.item<float>():F4} away {away.item<float>():F4} clean {utility.item<float>():F4}"));
        }
        model.eval();
        return losses;
    }

    /// <summary>Mean over the planted reply's tokens of −log(1 − p(token)): pushes each token's probability down
    /// without rewarding any particular other token.</summary>
    static Tensor Unlikelihood(CausalLanguageModel model, Tensor embeddings, Tensor labels)
    {
        var logProbs = model.ForwardWithGradients(embeddings).log_softmax(-1);                          // [H, T, V]
        var counted = labels.ne(PaddedBatch.Ignore);
        var p = logProbs.gather(2, labels.clamp_min(0).unsqueeze(-1)).squeeze(-1).exp();
        var penalty = -(1 - p).clamp_min(1e-6).log();
        return (penalty * counted).sum() / counted.sum().clamp_min(1);
    }
}
