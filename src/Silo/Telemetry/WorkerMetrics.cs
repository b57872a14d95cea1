using System.Diagnostics.Metrics;

namespace Orleans.Noken.Silo.Telemetry;

/// <summary>
/// The shard worker's instruments, one <see cref="Meter"/> for the component (names are constants: dashboards and
/// tests refer to them). Prometheus sees them as <c>noken_worker_nokens_total</c>, <c>noken_worker_shards_total</c>,
/// <c>noken_worker_shard_duration_seconds</c> and <c>noken_worker_model_load_seconds</c>.
/// </summary>
public sealed class WorkerMetrics : IDisposable
{
    public const string MeterName = "Orleans.Noken.Worker";
    public const string Nokens = "noken.worker.nokens";
    public const string Shards = "noken.worker.shards";
    public const string ShardDuration = "noken.worker.shard.duration";
    public const string ModelLoad = "noken.worker.model.load";

    readonly Meter _meter;
    readonly Counter<long> _nokens;
    readonly Counter<long> _shards;
    readonly Histogram<double> _duration;
    readonly Histogram<double> _load;

    public WorkerMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _nokens = _meter.CreateCounter<long>(Nokens, description: "Nokens this silo ran (a shard run twice after a lost lease counts twice here, once in the campaign)");
        _shards = _meter.CreateCounter<long>(Shards, description: "Shards this silo finished, by outcome: folded, duplicate (another silo's report came first), failed");
        _duration = _meter.CreateHistogram<double>(ShardDuration, unit: "s", description: "Time to run one shard on the replica");
        _load = _meter.CreateHistogram<double>(ModelLoad, unit: "s", description: "Time to load a model replica");
    }

    public void ShardRan(string campaign, string strategy, int nokens, double seconds)
    {
        var tags = new System.Diagnostics.TagList { { "campaign", campaign }, { "kind", strategy == "around" ? "exploit" : "explore" } };
        _nokens.Add(nokens, tags);
        _duration.Record(seconds, tags);
    }

    public void ShardFinished(string campaign, string outcome) => _shards.Add(1, new System.Diagnostics.TagList { { "campaign", campaign }, { "outcome", outcome } });

    public void ModelLoaded(double seconds) => _load.Record(seconds);

    public void Dispose() => _meter.Dispose();
}
