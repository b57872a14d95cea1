using System.Diagnostics;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Training;

/// <summary>
/// Plain supervised fine-tuning: AdamW, warm-up + cosine schedule, global gradient clipping, cross-entropy on the
/// counted (assistant) tokens only, through the engine's own training forward
/// (<see cref="CausalLanguageModel.ForwardWithGradients"/>), so the trained weights are exactly what inference runs.
/// Batches are drawn by reshuffling the examples every epoch with the options' seed: the same seed and data give the
/// same batches in the same order.
/// </summary>
public static class CausalLmTrainer
{
    public static TrainingReport Train(CausalLanguageModel model, IReadOnlyList<TrainingExample> examples, TrainingOptions options,
        string stage = "train", Action<TrainingProgress>? progress = null)
    {
        options.Validate();
        if (examples.Count == 0) throw new ArgumentException("no training examples", nameof(examples));
        var schedule = new LearningRateSchedule(options.PeakLearningRate, options.WarmupSteps, options.Steps, options.MinLearningRateFraction);
        var order = new ShuffledOrder(examples.Count, options.Seed);
        model.train();
        using var optimizer = optim.AdamW(model.parameters(), lr: schedule.At(0), beta1: 0.9, beta2: 0.95, weight_decay: options.WeightDecay);

        var losses = new List<double>(options.Steps);
        var clock = Stopwatch.StartNew();
        long tokens = 0, windowTokens = 0, windowTargets = 0;
        double windowLoss = 0;
        var windowStart = clock.Elapsed;
        for (int step = 0; step < options.Steps; step++)
        {
            double lr = schedule.At(step);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            var batch = order.Next(options.BatchSize).Select(i => examples[i]).ToList();

            using (var scope = NewDisposeScope())
            {
                var (inputs, labels, targets) = PaddedBatch.Build(batch, options.PadId);
                optimizer.zero_grad();
                var loss = MaskedLoss.Of(model, inputs, labels);
                loss.backward();
                nn.utils.clip_grad_norm_(model.parameters(), options.GradientClip);
                optimizer.step();
                double value = loss.item<float>();
                losses.Add(value);
                windowLoss += value;
                windowTokens += inputs.NumberOfElements;
                windowTargets += targets;
                tokens += inputs.NumberOfElements;
            }

            bool last = step == options.Steps - 1;
            if (progress is not null && ((step + 1) % options.ReportEvery == 0 || last))
            {
                int inWindow = (step % options.ReportEvery) + 1;
                var seconds = Math.Max((clock.Elapsed - windowStart).TotalSeconds, 1e-9);
                var perStep = clock.Elapsed / (step + 1);
                progress(new TrainingProgress(stage, step + 1, options.Steps, windowLoss / inWindow, lr,
                    windowTargets / seconds, windowTokens / seconds, clock.Elapsed, perStep * (options.Steps - step - 1)));
                (windowLoss, windowTokens, windowTargets, windowStart) = (0, 0, 0, clock.Elapsed);
            }
        }
        model.eval();
        return new TrainingReport(losses, tokens, clock.Elapsed);
    }
}
