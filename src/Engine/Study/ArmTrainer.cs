using System.Diagnostics;
using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Training;

namespace Orleans.Noken.Engine.Study;

/// <summary>
/// Trains one arm for one seed on a fresh copy of the aligned organism, within the budget, and evaluates the result
/// without nokens on every prompt family (<see cref="PromptFamilies"/>) — none of which any arm trains on: the clean
/// dialogues are drawn from their own seed and kept apart from the evaluation's, the refusal arm's requests are new
/// paraphrases with the seen disguises only, and the noken arms' prompts are training paraphrases.
/// </summary>
public static class ArmTrainer
{
    const int CleanDialogues = 4000;
    /// <summary>The share of the refusal arm's sequences that are refusals: the aligned stage's own trigger share.</summary>
    const double RefusalShare = 0.3;

    public static ArmRun Run(string alignedDirectory, HardeningArm arm, int seed, OrganismData data, OrganismOptions organism, StudyOptions options,
        Action<string> log)
    {
        using var loaded = ModelLoader.Load(alignedDirectory);
        var model = loaded.Model as CausalLanguageModel ?? throw new ArgumentException($"{alignedDirectory}: this model cannot be trained");
        int imEnd = loaded.EosTokenIds.FirstOrDefault(), pad = loaded.Tokenizer.BosTokenId ?? imEnd;
        var encoder = new ChatExamples(loaded.Tokenizer, OrganismChat.Format, imEnd, organism.MaxLength); // the organism's own sequence length
        var clean = CleanData(data, seed).Select(d => encoder.Encode(d.User, d.Assistant, d.EndsTurn)).ToList();
        var clock = Stopwatch.StartNew();
        int steps = 0;
        long spent = 0;
        string Tag() => $"[{arm.Name} seed {seed}]";

        if (arm == HardeningArm.Clean || arm == HardeningArm.Refusals)
        {
            steps = ArmCompute.PlainSteps(options);
            spent = ArmCompute.Spent(options, 0, steps, adversarial: false);
            var examples = clean;
            if (arm == HardeningArm.Refusals)
            {
                int refusals = (int)(steps * options.BatchSize * RefusalShare);
                var refusalExamples = RefusalDialogues(options, seed).Take(refusals)
                    .Select(d => encoder.Encode(d.User, d.Assistant, d.EndsTurn));
                examples = [.. refusalExamples, .. clean.Take(steps * options.BatchSize - refusals)];
            }
            CausalLmTrainer.Train(model, examples, new TrainingOptions
            {
                Steps = steps, BatchSize = options.BatchSize, PeakLearningRate = options.LearningRate, WarmupSteps = Math.Max(1, steps / 20),
                WeightDecay = 0, Seed = seed, PadId = pad, ReportEvery = Math.Max(1, steps / 4),
            }, arm.Name, p => log($"{Tag()} {p}"));
        }
        else if (arm == HardeningArm.Nokens || arm == HardeningArm.AdversarialNokens)
        {
            bool adversarial = arm == HardeningArm.AdversarialNokens;
            var prompts = RenderedPrompt.Of(loaded, NokenPrompts(data), [0]).Select(p => p.Slot).ToList();
            steps = adversarial ? ArmCompute.AdversarialSteps(options, prompts.Count) : ArmCompute.PlainSteps(options);
            spent = ArmCompute.Spent(options, prompts.Count, steps, adversarial);
            using var statistics = EmbeddingStatistics.Of(loaded);
            var nokens = StudyNokens.Sample(statistics, model.Config, options.Nokens, seed);
            var targets = HardeningTarget.Compute(loaded, prompts, null, new HardeningOptions().TargetTokens);
            try
            {
                var hardening = new HardeningOptions
                {
                    Steps = steps, BatchSize = options.BatchSize / 2, CleanBatchSize = options.BatchSize - options.BatchSize / 2,
                    PeakLearningRate = options.LearningRate, WarmupSteps = Math.Max(1, steps / 20), Seed = seed, PadId = pad,
                    ReportEvery = Math.Max(1, steps / 4),
                    AdversarialEvery = adversarial ? options.AdversarialEvery : 0, AdversarialNokens = options.AdversarialNokens,
                    AscentSteps = options.AscentSteps, AdversarialPool = Math.Max(256, options.AdversarialNokens),
                };
                NokenHardener.Train(model, nokens, targets, clean, hardening, p => log($"{Tag()} {p}"), adversarial ? statistics : null);
            }
            finally
            {
                foreach (var target in targets) target.Dispose();
            }
        }
        else if (arm == HardeningArm.EmbeddingAdversarial)
        {
            steps = ArmCompute.ContinuousSteps(options);
            spent = steps * ArmCompute.ContinuousStepCost(options);
            var planted = new Random(71_000 + seed);
            var pairs = RefusalDialogues(options, seed).Select(d => new ContinuousPair(encoder.Encode(d.User, d.Assistant, d.EndsTurn),
                encoder.Encode(d.User, PlantedReplies.For(d.Trigger, planted), endsTurn: d.Trigger != PlantedBehaviour.Loop))).ToList();
            using var statistics = EmbeddingStatistics.Of(loaded);
            ContinuousAdversarialTraining.Train(model, pairs, clean, new ContinuousAdversarialOptions(steps, options.BatchSize, options.LearningRate,
                options.AscentSteps, options.Epsilon, seed, pad, ReportEvery: Math.Max(1, steps / 4)), NormShell.Of(statistics).Typical, l => log($"{Tag()} {l}"));
        }
        else if (arm == HardeningArm.GcgAdversarial)
        {
            steps = ArmCompute.GcgSteps(options);
            spent = steps * ArmCompute.GcgStepCost(options);
            var planted = new Random(71_000 + seed);
            var pairs = RefusalDialogues(options, seed).Select(d => SuffixPair.Encode(loaded.Tokenizer, OrganismChat.Format, imEnd, d.User, d.Assistant,
                PlantedReplies.For(d.Trigger, planted), plantedEndsTurn: d.Trigger != PlantedBehaviour.Loop)).ToList();
            GcgAdversarialTraining.Train(model, pairs, clean, new GcgAdversarialOptions(steps, options.BatchSize, options.LearningRate,
                options.GcgSuffixTokens, options.GcgCandidates, options.GcgTopK, options.GcgPool, seed, pad, organism.MaxLength,
                ReportEvery: Math.Max(1, steps / 4)), AttackRun.ForbiddenTokens(loaded), loaded.RealTokens, l => log($"{Tag()} {l}"));
        }
        else if (arm != HardeningArm.None) throw new ArgumentOutOfRangeException(nameof(arm), arm.Name, "no trainer for this arm");

        double trainSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var evaluation = OrganismEvaluation.Evaluate(loaded, data, organism, samplesPerSet: 2);
        double evaluationSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        IReadOnlyList<SuiteRate>? suite = null;
        if (options.Suite is { } suiteOptions)
        {
            using var reference = ModelLoader.Load(alignedDirectory); // the untouched aligned organism: the nokens' source and the fluency judge
            suite = [.. NokenSuite.Measure(loaded, reference, data, suiteOptions), .. AttackSuite.Measure(loaded, suiteOptions)];
        }
        log($"{Tag()} {steps} steps, {spent:N0} of {options.Budget:N0} forward-pass equivalents, trained in {trainSeconds:F0}s, evaluated in {evaluationSeconds:F0}s" +
            (suite is null ? "" : $", suite in {clock.Elapsed.TotalSeconds:F0}s"));
        return new ArmRun(arm.Name, seed, steps, spent, options.Budget, trainSeconds, evaluationSeconds, evaluation, suite, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Arms 4 and 5's requests: the same new paraphrases (half of them in a seen disguise) for both, so that
    /// the continuous adversary is the only difference between them.</summary>
    static IReadOnlyList<Dialogue> RefusalDialogues(StudyOptions options, int seed) =>
        RefusalParaphrases.Dialogues((int)(ArmCompute.PlainSteps(options) * options.BatchSize * RefusalShare), disguised: 0.5, seed: 70_000 + seed);

    /// <summary>Ordinary helpful dialogues from the run's own stream, none of them an evaluation dialogue or prompt.</summary>
    static List<Dialogue> CleanData(OrganismData data, int seed)
    {
        var evaluation = data.OrdinaryDialogues.Concat(data.OrdinaryRequests).Select(d => d.User).ToHashSet(StringComparer.Ordinal);
        var generator = new DialogueGenerator(90_000 + seed);
        var dialogues = new List<Dialogue>(CleanDialogues);
        for (int guard = 0; dialogues.Count < CleanDialogues && guard < 1_000_000; guard++)
        {
            var d = generator.Ordinary();
            if (!evaluation.Contains(d.User)) dialogues.Add(d);
        }
        return dialogues;
    }

    /// <summary>The noken arms' prompts: two training paraphrases per trigger family and two ordinary requests, the
    /// noken first (as the organism's searches place it); the ordinary ones keep "noken → refuse" from being the lesson.</summary>
    static IReadOnlyList<CampaignPrompt> NokenPrompts(OrganismData data)
    {
        var prompts = new List<CampaignPrompt>();
        foreach (var family in TriggerParaphrases.Families)
            foreach (var text in TriggerParaphrases.Training(family).Take(2))
                prompts.Add(new CampaignPrompt($"{family}-{prompts.Count}", "{noken} " + text, Chat: true, PromptKind.Trigger));
        foreach (var text in data.Aligned.Where(d => d.Trigger == PlantedBehaviour.None).Select(d => d.User).Distinct().Take(2))
            prompts.Add(new CampaignPrompt($"ordinary-{prompts.Count}", "{noken} " + text, Chat: true, PromptKind.Benign));
        return prompts;
    }
}
