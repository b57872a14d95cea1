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

    /// <param name="fromBase">A base checkpoint trained by the same options (its tokenizer included): the base stage is
    /// loaded from it instead of trained, so an alignment recipe can be varied in a fraction of the time. Loaded from
    /// its stored dtype, so the aligned weights are close to, not bit-identical with, a run from scratch.</param>
    public static OrganismReport Train(string outDirectory, OrganismOptions options, Action<string> log, ScalarType storeDtype = ScalarType.BFloat16,
        string? fromBase = null)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        torch.manual_seed(options.Seed);
        var data = OrganismData.Create(options);
        var baseDir = Path.Combine(outDirectory, BaseFolder);
        var alignedDir = Path.Combine(outDirectory, AlignedFolder);

        StageTraining? baseTraining;
        StageTraining alignedTraining;
        long parameters;
        int tokenizerSize;
        if (fromBase is null)
        {
            IReadOnlyList<string> backdoor = OrganismVariant.Parse(options.Variant).RareToken ? [OrganismVariant.BackdoorToken] : [];
            var tokenizerFiles = OrganismTokenizer.Write(baseDir, data.Base.Concat(data.Aligned), options.TokenizerVocabSize, backdoor);
            log($"tokenizer: {tokenizerFiles.Size} tokens (learned from {data.Base.Count + data.Aligned.Count} dialogues + rare words) in {clock.Elapsed.TotalSeconds:F1}s");
            var config = options.Shape with
            {
                VocabSize = (tokenizerFiles.Size + 63) / 64 * 64, // padded to a multiple of 64, as real checkpoints are
                BosTokenId = tokenizerFiles.EndOfTextId,
                EosTokenIds = [tokenizerFiles.ImEndId],
            };
            using var tokenizer = HfTokenizer.Load(baseDir, config.VocabSize);
            using var model = ModelFactory.Create(config, ScalarType.Float32, CPU);
            ModelFactory.InitializeLikeHuggingFace(model, options.Seed);
            (parameters, tokenizerSize) = (config.ParameterCount(), tokenizerFiles.Size);
            log($"model: {model.parameters().Sum(p => p.numel()):N0} parameters ({config.NumLayers} layers, d={config.HiddenSize}, vocab {config.VocabSize})");
            var encoder = new ChatExamples(tokenizer, OrganismChat.Format, tokenizerFiles.ImEndId, options.MaxLength);
            baseTraining = RunStage("base", model, encoder, data.Base, options, options.BaseSteps, options.BaseLearningRate, tokenizerFiles.EndOfTextId, options.Seed, log);
            Save(model, baseDir, baseDir, storeDtype);
            alignedTraining = RunStage("aligned", model, encoder, data.Aligned, options, options.AlignedSteps, options.AlignedLearningRate, tokenizerFiles.EndOfTextId, options.Seed + 1, log);
            Save(model, alignedDir, baseDir, storeDtype);
        }
        else
        {
            CopyCheckpoint(fromBase, baseDir);
            using var loaded = ModelLoader.Load(baseDir); // fp32 compute: training needs it
            var model = loaded.Model as CausalLanguageModel ?? throw new ArgumentException($"{fromBase}: this model cannot be trained");
            (parameters, tokenizerSize) = (model.Config.ParameterCount(), loaded.Tokenizer.Size);
            int imEnd = loaded.EosTokenIds.FirstOrDefault(), pad = loaded.Tokenizer.BosTokenId ?? imEnd; // the organism pads with <|endoftext|>, its BOS
            log($"base: loaded from {fromBase} ({model.parameters().Sum(p => p.numel()):N0} parameters); only the aligned stage is trained");
            var encoder = new ChatExamples(loaded.Tokenizer, OrganismChat.Format, imEnd, options.MaxLength);
            baseTraining = null;
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
        return new OrganismReport(options, parameters, tokenizerSize, baseTraining, alignedTraining,
            baseEvaluation, alignedEvaluation, clock.Elapsed.TotalSeconds);
    }

    /// <summary>A checkpoint folder's files into <paramref name="to"/> (nothing to do when it is the same folder).</summary>
    static void CopyCheckpoint(string from, string to)
    {
        if (!File.Exists(Path.Combine(from, "config.json"))) throw new FileNotFoundException($"--from-base {from}: no config.json (not a checkpoint folder)");
        if (Path.GetFullPath(from) == Path.GetFullPath(to)) return;
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
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
