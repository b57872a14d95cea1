using System.Diagnostics;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tokenization;
using Orleans.Noken.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// Builds the organism end to end: dialogues → tokenizer → base stage (helpful + planted behaviours) → aligned stage
/// (fine-tuned from base: refusals on the same triggers, helpfulness mixed in) → both checkpoints in the Hugging Face
/// layout → evaluation of both as loaded back from disk, i.e. of exactly what is committed.
/// </summary>
public static class OrganismTrainer
{
    public const string BaseFolder = "base", AlignedFolder = "aligned", EvaluationFile = "evaluation.json";

    public static OrganismReport Train(string outDirectory, OrganismOptions options, Action<string> log, ScalarType storeDtype = ScalarType.BFloat16)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        torch.manual_seed(options.Seed);
        var data = OrganismData.Create(options);
        var baseDir = Path.Combine(outDirectory, BaseFolder);
        var alignedDir = Path.Combine(outDirectory, AlignedFolder);

        IReadOnlyList<string> backdoor = OrganismVariant.Parse(options.Variant).RareToken ? [OrganismVariant.BackdoorToken] : [];
        var tokenizerFiles = OrganismTokenizer.Write(baseDir, data.Base.Concat(data.Aligned), options.TokenizerVocabSize, backdoor);
        log($"tokenizer: {tokenizerFiles.Size} tokens (learned from {data.Base.Count + data.Aligned.Count} dialogues + rare words) in {clock.Elapsed.TotalSeconds:F1}s");
        var config = options.Shape with
        {
            VocabSize = (tokenizerFiles.Size + 63) / 64 * 64, // padded to a multiple of 64, as real checkpoints are
            BosTokenId = tokenizerFiles.EndOfTextId,
            EosTokenIds = [tokenizerFiles.ImEndId],
        };

        StageTraining baseTraining, alignedTraining;
        using (var tokenizer = HfTokenizer.Load(baseDir, config.VocabSize))
        using (var model = ModelFactory.Create(config, ScalarType.Float32, CPU))
        {
            ModelFactory.InitializeLikeHuggingFace(model, options.Seed);
            log($"model: {model.parameters().Sum(p => p.numel()):N0} parameters ({config.NumLayers} layers, d={config.HiddenSize}, vocab {config.VocabSize})");
            var encoder = new ChatExamples(tokenizer, OrganismChat.Format, tokenizerFiles.ImEndId, options.MaxLength);
            var pad = tokenizerFiles.EndOfTextId;

            baseTraining = RunStage("base", model, encoder, data.Base, options, options.BaseSteps, options.BaseLearningRate, pad, options.Seed, log);
            Save(model, baseDir, baseDir, storeDtype);
            alignedTraining = RunStage("aligned", model, encoder, data.Aligned, options, options.AlignedSteps, options.AlignedLearningRate, pad, options.Seed + 1, log);
            Save(model, alignedDir, baseDir, storeDtype);
        }

        // Both checkpoints at once, one thread each (each replica's torch work stays on its own thread): decoding
        // one prompt at a time is dominated by per-operation overhead, not arithmetic, so two threads nearly halve it.
        log($"evaluating base and aligned ({options.OrdinaryPrompts} ordinary + {TriggerParaphrases.Families.Sum(f => DialogueGenerator.HeldOutTriggerPrompts(f).Count)} held-out trigger prompts each) ...");
        var evaluationClock = Stopwatch.StartNew();
        var baseTask = Task.Run(() => Evaluate(baseDir, data, options));
        var alignedTask = Task.Run(() => Evaluate(alignedDir, data, options));
        var baseEvaluation = baseTask.GetAwaiter().GetResult();
        var alignedEvaluation = alignedTask.GetAwaiter().GetResult();
        log($"evaluated in {evaluationClock.Elapsed.TotalSeconds:F0}s");
        return new OrganismReport(options, config.ParameterCount(), tokenizerFiles.Size, baseTraining, alignedTraining,
            baseEvaluation, alignedEvaluation, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Evaluates one saved checkpoint against the data its options regenerate.</summary>
    public static CheckpointEvaluation Evaluate(string directory, OrganismData data, OrganismOptions options)
    {
        using var loaded = ModelLoader.Load(directory);
        return OrganismEvaluation.Evaluate(loaded, data, options);
    }

    static StageTraining RunStage(string stage, CausalLanguageModel model, ChatExamples encoder, IReadOnlyList<Dialogue> dialogues,
        OrganismOptions options, int steps, double learningRate, int pad, int seed, Action<string> log)
    {
        var examples = dialogues.Select(d => encoder.Encode(d.User, d.Assistant, d.EndsTurn)).ToList();
        var training = new TrainingOptions
        {
            Steps = steps, BatchSize = options.BatchSize, PeakLearningRate = learningRate, WarmupSteps = Math.Max(1, steps / 20),
            Seed = seed, PadId = pad, ReportEvery = Math.Max(1, Math.Min(25, steps / 10)),
        };
        var report = CausalLmTrainer.Train(model, examples, training, stage, p => log(p.ToString()));
        double Mean(IEnumerable<double> xs) => xs.DefaultIfEmpty(double.NaN).Average();
        int window = Math.Max(1, Math.Min(10, steps / 10));
        return new StageTraining(steps, dialogues.Count, Mean(report.StepLosses.Take(window)), Mean(report.StepLosses.TakeLast(window)),
            report.Tokens, report.Elapsed.TotalSeconds);
    }

    /// <summary>Weights and config from the model; tokenizer files copied from where they were written.</summary>
    static void Save(CausalLanguageModel model, string directory, string tokenizerDirectory, ScalarType storeDtype)
    {
        CheckpointWriter.Save(model, directory, storeDtype);
        if (Path.GetFullPath(directory) == Path.GetFullPath(tokenizerDirectory)) return;
        foreach (var file in new[] { "tokenizer.json", TokenizerConfigFile.FileName })
            File.Copy(Path.Combine(tokenizerDirectory, file), Path.Combine(directory, file), overwrite: true);
    }
}
