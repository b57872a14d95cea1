using System.Diagnostics.Metrics;

namespace Orleans.Noken.Silo.Telemetry;

/// <summary>
/// The shard worker's instruments, one <see cref="Meter"/> for the component (names are constants: dashboards and
/// tests refer to them). Prometheus sees them as <c>noken_worker_nokens_total</c>, <c>noken_worker_generated_tokens_total</c>,
/// <c>noken_worker_shards_total</c>, <c>noken_worker_shard_duration_seconds</c>, <c>noken_worker_model_load_seconds</c>,
/// <c>noken_worker_busy</c> and <c>noken_worker_memory_bytes</c>.
/// </summary>
public sealed class WorkerMetrics : IDisposable
{
    public const string MeterName = "Orleans.Noken.Worker";
    public const string Nokens = "noken.worker.nokens";
    public const string GeneratedTokens = "noken.worker.generated_tokens";
    public const string Shards = "noken.worker.shards";
    public const string ShardDuration = "noken.worker.shard.duration";
    public const string ModelLoad = "noken.worker.model.load";
    public const string Busy = "noken.worker.busy";
    public const string Memory = "noken.worker.memory";

    readonly Meter _meter;
    readonly Counter<long> _nokens;
    readonly Counter<long> _tokens;
    readonly Counter<long> _shards;
    readonly Histogram<double> _duration;
    readonly Histogram<double> _load;
    int _busy;

    readonly Grains.Telemetry.CampaignLabels _labels;

    /// <param name="labels">How series name campaigns (ids when none is registered).</param>
    public WorkerMetrics(IMeterFactory meters, Grains.Telemetry.CampaignLabels? labels = null)
    {
        _labels = labels ?? Grains.Telemetry.CampaignLabels.Ids;
        _meter = meters.Create(MeterName);
        _nokens = _meter.CreateCounter<long>(Nokens, description: "Nokens this silo ran (a shard run twice after a lost lease counts twice here, once in the campaign)");
        _tokens = _meter.CreateCounter<long>(GeneratedTokens, description: "Tokens the model generated for (noken × prompt) pairs");
        _shards = _meter.CreateCounter<long>(Shards, description: "Shards this silo finished, by outcome: folded, duplicate (another silo's report came first), failed, stopped (cancelled, paused, lease lost or silo stopping)");
        _duration = _meter.CreateHistogram<double>(ShardDuration, unit: "s", description: "Time to run one shard on the replica");
        _load = _meter.CreateHistogram<double>(ModelLoad, unit: "s", description: "Time to load a model replica");
        _meter.CreateObservableGauge(Busy, () => Volatile.Read(ref _busy), description: "1 while the replica runs a shard");
        _meter.CreateObservableGauge(Memory, MemoryAreas, unit: "By",
            description: "Process memory: resident (RSS), managed (GC heap), native (resident minus managed: libtorch's weights and tensors, the runtime)");
    }

    /// <summary>Marks the replica busy until the returned scope is disposed.</summary>
    public IDisposable Running()
    {
        Interlocked.Increment(ref _busy);
        return new BusyScope(this);
    }

    public void ShardRan(string campaign, string kind, int nokens, long generatedTokens, double seconds)
    {
        var tags = new System.Diagnostics.TagList { { "campaign", _labels.Of(campaign) }, { "kind", kind } };
        _nokens.Add(nokens, tags);
        _tokens.Add(generatedTokens, tags);
        _duration.Record(seconds, tags);
    }

    /// <summary>A shard of <paramref name="campaign"/> was leased here. The first time, its outcome series start at 0:
    /// a counter that appears already at 1 reads as no increase to Prometheus' <c>increase()</c>.</summary>
    public void Leased(string campaign)
    {
        if (!_campaigns.TryAdd(campaign, 0)) return;
        foreach (var outcome in ShardOutcomes) _shards.Add(0, new System.Diagnostics.TagList { { "campaign", _labels.Of(campaign) }, { "outcome", outcome } });
    }

    static readonly string[] ShardOutcomes = ["folded", "duplicate", "failed", "stopped"];
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _campaigns = new(StringComparer.Ordinal);

    public void ShardFinished(string campaign, string outcome) => _shards.Add(1, new System.Diagnostics.TagList { { "campaign", _labels.Of(campaign) }, { "outcome", outcome } });

    public void ModelLoaded(double seconds) => _load.Record(seconds);

    static IEnumerable<Measurement<long>> MemoryAreas()
    {
        long resident = Environment.WorkingSet;   // VmRSS on Linux
        long managed = GC.GetGCMemoryInfo().HeapSizeBytes;
        yield return new(resident, new KeyValuePair<string, object?>("area", "resident"));
        yield return new(managed, new KeyValuePair<string, object?>("area", "managed"));
        yield return new(Math.Max(0, resident - managed), new KeyValuePair<string, object?>("area", "native"));
    }

    public void Dispose() => _meter.Dispose();

    sealed class BusyScope(WorkerMetrics metrics) : IDisposable
    {
        int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref metrics._busy);
        }
    }
}
