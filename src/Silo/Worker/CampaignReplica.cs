using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Noken.Engine;
using Orleans.Noken.Engine.Attacks.Campaign;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Hosting;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Grains;

namespace Orleans.Noken.Silo.Worker;

/// <summary>
/// The silo's one model replica and the campaigns prepared on it. The model loads once and stays loaded while
/// campaigns use it; a campaign on another model replaces it (one model per silo: GPU memory holds one replica).
/// Everything torch happens on <see cref="Thread"/>, the replica's single dedicated thread.
/// </summary>
public sealed partial class CampaignReplica : IDisposable
{
    const int CampaignsKept = 8;

    readonly CampaignOptions _options;
    readonly string _device;
    readonly long? _maxModelBytes;
    readonly ILogger<CampaignReplica> _logger;
    readonly Dictionary<string, PreparedCampaign> _workloads = [];
    readonly LinkedList<string> _recent = new();
    LoadedModel? _model;

    readonly Telemetry.WorkerMetrics _metrics;

    public CampaignReplica(IOptions<CampaignOptions> options, IOptions<WorkerOptions> worker, Telemetry.WorkerMetrics metrics, ILogger<CampaignReplica> logger)
    {
        _metrics = metrics;
        _options = options.Value;
        _device = worker.Value.Device;
        _maxModelBytes = worker.Value.MaxModelBytes;
        _logger = logger;
        Thread = new ModelThread("noken-replica");
        var threads = worker.Value.TorchThreads;
        Thread.RunAsync(() => { TorchThreads.Configure(threads); return true; }).GetAwaiter().GetResult();
    }

    public ModelThread Thread { get; }

    /// <summary>Seconds the last model load took (0 before any).</summary>
    public double LastLoadSeconds { get; private set; }

    /// <summary>The campaign prepared on this replica (the model loaded if needed). Throws what the engine throws for a
    /// spec or model that cannot run: <see cref="CampaignSpecException"/>, <see cref="Engine.Checkpoints.CheckpointException"/>, …;
    /// an <see cref="OperationCanceledException"/> when <paramref name="cancellation"/> stops the control decode (nothing
    /// is kept then but the model).</summary>
    public Task<PreparedCampaign> PrepareAsync(string campaign, string specText, CancellationToken cancellation = default) => Thread.RunAsync(() =>
    {
        cancellation.ThrowIfCancellationRequested();
        if (_workloads.TryGetValue(campaign, out var ready))
        {
            _recent.Remove(campaign);
            _recent.AddFirst(campaign);
            return ready;
        }
        var spec = _options.ReadSpec(specText, $"campaign {campaign}");
        if (_model is null || _model.Directory != spec.Model)
        {
            DropEverything();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            _model = ModelLoader.Load(spec.Model, new ModelLoadOptions(Device: _device, MaxModelBytes: _maxModelBytes));
            LastLoadSeconds = clock.Elapsed.TotalSeconds;
            _metrics.ModelLoaded(LastLoadSeconds);
            LogLoaded(spec.Model, LastLoadSeconds);
        }
        var workload = spec.Attack is { } attack ? new PreparedCampaign(null, new AttackWorkload(attack, _model))
            : new PreparedCampaign(new CampaignWorkload(spec, _model, cancellation), null);
        _workloads[campaign] = workload;
        _recent.AddFirst(campaign);
        while (_recent.Count > CampaignsKept)
        {
            var oldest = _recent.Last!.Value;
            _recent.RemoveLast();
            _workloads.Remove(oldest, out var dropped);
            dropped?.Dispose();
        }
        return workload;
    });

    void DropEverything()
    {
        foreach (var workload in _workloads.Values) workload.Dispose();
        _workloads.Clear();
        _recent.Clear();
        _model?.Dispose();
        _model = null;
    }

    public void Dispose()
    {
        Thread.RunAsync(() => { DropEverything(); return true; }).GetAwaiter().GetResult();
        Thread.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "loaded model {Model} in {Seconds:F1} s")]
    partial void LogLoaded(string model, double seconds);
}
