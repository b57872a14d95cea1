using System.Diagnostics;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Results;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// Runs a whole campaign in this process, on the calling thread: shard by shard, sample the nokens from their
/// recipe, run them through every prompt with the engine, score them with the campaign's detectors, and write one
/// Parquet file per shard (plus its summary). The shards, their file names and their noken ids are the ones a
/// cluster's coordinator issues for the same spec (<see cref="SweepPlan"/>), so a sweep's rows are a run's rows. A
/// shard whose files exist is not run again, so an interrupted sweep resumes where it stopped and counts nothing twice.
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
        Wait(store.WriteAsync(paths.Spec, RecordedSpec.ToUtf8(spec), cancellation));

        using var loaded = ModelLoader.Load(spec.Model);
        using var workload = new CampaignWorkload(spec, loaded);

        var plan = SweepPlan.Of(spec);
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
            var stem = shard.Stem;
            var summary = TryReadFinished(stem, cancellation);
            if (summary is null)
            {
                var started = clock.Elapsed.TotalSeconds;
                summary = Store(workload.Run(shard.Recipe, shard.Start, shard.Count, shard.NokenId), stem);
                ranSeconds += clock.Elapsed.TotalSeconds - started;
                ranNokens += shard.Count;
            }
            else resumed++;
            summaries.Add(summary);
            foreach (var (label, count) in summary.LabelsByStrategy) labels[label] = labels.GetValueOrDefault(label) + count;
            done += shard.Count;
            progress?.Invoke(new SweepProgress(done, spec.TotalNokens, ranSeconds > 0 ? ranNokens / ranSeconds : 0, labels, resumed));
        }

        var result = SweepSummary.Build(spec, loaded.ContentHash, workload.Suite.Labels, summaries, workload.ControlFired);
        Wait(store.WriteAsync(paths.Summary, System.Text.Encoding.UTF8.GetBytes(result.ToJson()), cancellation));
        return result;
    }

    ShardSummary Store(ShardResult result, string stem)
    {
        Wait(ShardFiles.StoreAsync(store, paths, stem, result));
        return result.Summary;
    }

    ShardSummary? TryReadFinished(string stem, CancellationToken cancellation) =>
        Wait(ShardFiles.TryReadFinishedAsync(store, paths, stem, cancellation));

    static void Wait(Task task) => task.GetAwaiter().GetResult();
    static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
