using System.Diagnostics;
using System.Text.Json;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Results;
using Parquet.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// Runs a whole campaign in this process, on the calling thread: shard by shard, sample the nokens from their
/// recipe, run them through every prompt with the engine, score them with the campaign's detectors, and write one
/// Parquet file per shard (plus its summary) under a name derived from the shard's recipe. A shard whose files
/// exist is not run again, so an interrupted sweep resumes where it stopped and counts nothing twice.
/// Files go through an <see cref="IResultStore"/> in the campaign layout of <see cref="ResultPaths"/>; by default
/// the spec's output folder is a <see cref="FolderResultStore"/> holding this one campaign at its root
/// (<c>spec.json</c>, <c>summary.json</c>, <c>shards/</c>), as <c>noken sweep --out DIR</c> has always written.
/// </summary>
public sealed class LocalSweep(CampaignSpec spec, IResultStore? store = null, ResultPaths? paths = null)
{
    public const string ShardsFolder = "shards";

    readonly IResultStore store = store ?? new FolderResultStore(spec.Output);
    readonly ResultPaths paths = paths ?? ResultPaths.AtRoot;

    public SweepSummary Run(Action<SweepProgress>? progress = null, CancellationToken cancellation = default)
    {
        // The sweep runs on the calling thread (torch work stays on one thread), so it waits for each store call.
        Wait(store.WriteAsync(paths.Spec, JsonSerializer.SerializeToUtf8Bytes(spec, SweepSummary.Json), cancellation));

        using var loaded = ModelLoader.Load(spec.Model);
        var prompts = RenderedPrompt.Of(loaded, spec.Prompts, spec.Distances);
        using var statistics = EmbeddingStatistics.Of(loaded);
        // Every sampler is built before any work: a bad strategy parameter stops the sweep here, not mid-way.
        var samplers = spec.Strategies.Select(s => NokenSamplers.Create(s.Recipe, statistics, loaded.Config)).ToList();
        var suite = DetectorSuite.Create(spec.Detectors, DetectorServices.Of(loaded));
        var generator = new ShardGenerator(loaded);
        var controlFired = ControlBehaviour(generator, suite, prompts);

        var plan = ShardRecipe.Plan(spec);
        var summaries = new List<ShardSummary>();
        var labels = new Dictionary<string, int>();
        long done = 0;
        int resumed = 0;
        var clock = Stopwatch.StartNew();
        double ranSeconds = 0;
        long ranNokens = 0;
        foreach (var shard in plan)
        {
            cancellation.ThrowIfCancellationRequested();
            var stem = shard.FileStem(spec);
            var summary = TryReadFinished(stem, cancellation);
            if (summary is null)
            {
                var started = clock.Elapsed.TotalSeconds;
                summary = RunShard(shard, samplers[shard.Strategy], statistics, loaded, generator, suite, prompts, stem);
                ranSeconds += clock.Elapsed.TotalSeconds - started;
                ranNokens += shard.Count;
            }
            else resumed++;
            summaries.Add(summary);
            foreach (var (label, count) in summary.LabelsByStrategy) labels[label] = labels.GetValueOrDefault(label) + count;
            done += shard.Count;
            progress?.Invoke(new SweepProgress(done, spec.TotalNokens, ranSeconds > 0 ? ranNokens / ranSeconds : 0, labels, resumed));
        }

        var result = SweepSummary.Build(spec, suite.Labels, summaries, controlFired);
        Wait(store.WriteAsync(paths.Summary, System.Text.Encoding.UTF8.GetBytes(result.ToJson()), cancellation));
        return result;
    }

    /// <summary>Which labels fire on each prompt's control: the baseline every noken rate is compared with.</summary>
    Dictionary<string, HashSet<string>> ControlBehaviour(ShardGenerator generator, DetectorSuite suite, IReadOnlyList<RenderedPrompt> prompts)
    {
        using var none = torch.empty(0, generator.HiddenSize);
        var output = generator.Run(new ShardRequest(none, prompts.Select(p => p.Slot).ToList(), spec.Decoding) { ControlTokenId = spec.ControlTokenId });
        var verdicts = suite.Score(prompts.Select((p, i) => new BehaviourObservation(output.Controls[i], output.Controls[i], p.Context)).ToList());
        return prompts.Select((p, i) => (p.Name, Fired: suite.Labels.Where(l => suite.Fired(verdicts[i], l)).ToHashSet()))
            .ToDictionary(x => x.Name, x => x.Fired);
    }

    ShardSummary RunShard(ShardRecipe shard, INokenSampler sampler, EmbeddingStatistics statistics, LoadedModel loaded,
        ShardGenerator generator, DetectorSuite suite, IReadOnlyList<RenderedPrompt> prompts, string stem)
    {
        var clock = Stopwatch.StartNew();
        using var scope = torch.NewDisposeScope();
        var nokens = sampler.SampleBatch(shard.Start, shard.Count);                      // [N, D]
        var metadata = NokenMetadata.Compute(nokens, shard.Start, statistics, nearest: 1);
        var output = generator.Run(new ShardRequest(nokens, prompts.Select(p => p.Slot).ToList(), spec.Decoding) { ControlTokenId = spec.ControlTokenId });
        var verdicts = suite.Score(ShardObservations.Of(output, prompts.Select(p => p.Context).ToList()));

        var recipe = spec.Strategies[shard.Strategy].Recipe;
        var parameters = JsonSerializer.Serialize(recipe.Parameters);
        var rows = new List<NokenRow>(output.Pairs.Count);
        var byStrategy = new Dictionary<string, int>();
        var byDistance = new Dictionary<string, Dictionary<string, int>>();
        var fired = new Dictionary<string, Dictionary<string, int>>();
        var pairs = new Dictionary<string, int>();
        for (int i = 0; i < output.Pairs.Count; i++)
        {
            var (pair, verdict) = (output.Pairs[i], verdicts[i]);
            var prompt = prompts[pair.PromptIndex];
            var meta = metadata[pair.NokenIndex];
            long index = shard.Start + pair.NokenIndex;
            rows.Add(new NokenRow
            {
                NokenId = $"{recipe.Strategy}:{recipe.Seed}:{index}",
                Strategy = recipe.Strategy, Parameters = parameters, Seed = recipe.Seed, Index = index,
                Prompt = prompt.Name, Distance = prompt.Distance,
                Norm = meta.Norm, NearestToken = meta.Nearest[0].Id, NearestText = loaded.Tokenizer.Decode([meta.Nearest[0].Id]),
                NearestCosine = meta.Nearest[0].Cosine,
                Continuation = pair.Continuation.Text, Control = output.Controls[pair.PromptIndex].Text,
                StoppedAtEos = pair.Continuation.StoppedAtEos,
                FirstStepKl = pair.Continuation.KlFromControl.FirstOrDefault(),
                TopLabel = verdict.TopLabel, UnwantedScore = verdict.UnwantedScore,
                Scores = JsonSerializer.Serialize(verdict.Scores.ToDictionary(s => s.Label, s => s.Score)),
                Evidence = JsonSerializer.Serialize(verdict.Scores.Where(s => s.Score > 0).ToDictionary(s => s.Label, s => s.Evidence)),
            });
            byStrategy[verdict.TopLabel] = byStrategy.GetValueOrDefault(verdict.TopLabel) + 1;
            var distance = prompt.Distance.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!byDistance.TryGetValue(distance, out var d)) byDistance[distance] = d = [];
            d[verdict.TopLabel] = d.GetValueOrDefault(verdict.TopLabel) + 1;
            if (!fired.TryGetValue(prompt.Name, out var f)) fired[prompt.Name] = f = [];
            foreach (var label in suite.Labels.Where(l => suite.Fired(verdict, l))) f[label] = f.GetValueOrDefault(label) + 1;
            pairs[prompt.Name] = pairs.GetValueOrDefault(prompt.Name) + 1;
        }

        var summary = new ShardSummary(recipe.Strategy, shard.Count, byStrategy, byDistance, fired, pairs, clock.Elapsed.TotalSeconds);
        // First write wins for both files: a shard's rows come first, its summary last, so a shard counts as
        // finished only when both exist. A rerun after a crash between them finds the rows already there (the
        // same rows: a shard is a deterministic recipe) and adds the missing summary.
        using (var rows_ = new MemoryStream())
        {
            Wait(ParquetSerializer.SerializeAsync(rows, rows_));
            rows_.Position = 0;
            Wait(store.TryCreateAsync(paths.ShardResults(stem), rows_));
        }
        Wait(store.TryCreateAsync(paths.ShardSummary(stem), JsonSerializer.SerializeToUtf8Bytes(summary, SweepSummary.Json)));
        return summary;
    }

    ShardSummary? TryReadFinished(string stem, CancellationToken cancellation)
    {
        if (!Wait(store.ExistsAsync(paths.ShardResults(stem), cancellation))) return null;
        var bytes = Wait(store.ReadAsync(paths.ShardSummary(stem), cancellation));
        return bytes is null ? null : JsonSerializer.Deserialize<ShardSummary>(bytes, SweepSummary.Json);
    }

    static void Wait(Task task) => task.GetAwaiter().GetResult();
    static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
