using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains.Telemetry;

/// <summary>
/// The coordinators' instruments, one <see cref="Meter"/> for the component. Counters count what coordinators on
/// this silo folded (a campaign's coordinator may move between silos: sum over silos); gauges show the state of the
/// campaigns whose coordinator is active here. Prometheus sees <c>noken_campaign_nokens_total{campaign,kind}</c>,
/// <c>noken_campaign_shards_total{campaign,outcome}</c>, <c>noken_campaign_behaviours_total{campaign,behaviour}</c>,
/// <c>noken_campaign_hits_total{campaign,kind,behaviour}</c>, and the gauges <c>noken_campaign_budget</c>,
/// <c>noken_campaign_done</c>, <c>noken_campaign_queue{state}</c>, <c>noken_campaign_elites{behaviour}</c> and
/// <c>noken_campaign_phase{phase}</c>.
/// </summary>
public sealed class CampaignMetrics : IDisposable
{
    public const string MeterName = "Orleans.Noken.Campaigns";
    public const string Nokens = "noken.campaign.nokens";
    public const string Shards = "noken.campaign.shards";
    public const string Behaviours = "noken.campaign.behaviours";
    public const string Hits = "noken.campaign.hits";
    public const string Budget = "noken.campaign.budget";
    public const string Done = "noken.campaign.done";
    public const string Queue = "noken.campaign.queue";
    public const string Elites = "noken.campaign.elites";
    public const string Phase = "noken.campaign.phase";

    readonly Meter _meter;
    readonly Counter<long> _nokens;
    readonly Counter<long> _shards;
    readonly Counter<long> _behaviours;
    readonly Counter<long> _hits;
    readonly ConcurrentDictionary<string, CampaignGauges> _gauges = new(StringComparer.Ordinal);
    readonly CampaignLabels _labels;

    /// <param name="labels">How series name campaigns (ids when none is registered).</param>
    public CampaignMetrics(IMeterFactory meters, CampaignLabels? labels = null)
    {
        _labels = labels ?? CampaignLabels.Ids;
        _meter = meters.Create(MeterName);
        _nokens = _meter.CreateCounter<long>(Nokens, description: "Nokens folded into campaigns (each once, however many silos ran its shard)");
        _shards = _meter.CreateCounter<long>(Shards, description: "Shard events: completed, failed, released (a lease that expired or whose silo left, issued again)");
        _behaviours = _meter.CreateCounter<long>(Behaviours, description: "Folded nokens by behaviour (the top label of their worst prompt)");
        _hits = _meter.CreateCounter<long>(Hits, description: "Folded nokens at or above the campaign's unwanted threshold, by kind and behaviour");
        _meter.CreateObservableGauge(Budget, () => Each(g => g.Budget), description: "Nokens the campaign will run in all");
        _meter.CreateObservableGauge(Done, () => Each(g => g.Done), description: "Nokens folded so far (from the coordinator's state: survives restarts)");
        _meter.CreateObservableGauge(Queue, QueueDepths, description: "Shards leased to a silo now, and waiting (issued and unleased, or not yet issued)");
        _meter.CreateObservableGauge(Elites, ElitesByBehaviour, description: "Nokens in the campaign's elite archive, by behaviour");
        _meter.CreateObservableGauge(Phase, Phases, description: "1 for the campaign's current phase");
    }

    /// <summary>A shard's outcomes were folded: its nokens, their behaviours, and the hits among them.</summary>
    public void Folded(string campaign, string kind, IEnumerable<(string Label, bool Hit)> outcomes)
    {
        long count = 0;
        foreach (var group in outcomes.GroupBy(o => o.Label, StringComparer.Ordinal))
        {
            var behaviour = new KeyValuePair<string, object?>("behaviour", group.Key);
            int n = group.Count(), hits = group.Count(o => o.Hit);
            count += n;
            _behaviours.Add(n, Campaign(campaign), behaviour);
            if (hits > 0) _hits.Add(hits, Campaign(campaign), new("kind", kind), behaviour);
        }
        _nokens.Add(count, Campaign(campaign), new KeyValuePair<string, object?>("kind", kind));
        ShardEvent(campaign, "completed");
    }

    public void ShardEvent(string campaign, string outcome) => _shards.Add(1, Campaign(campaign), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>The campaign's gauges now (its coordinator calls this whenever its state changes). A campaign new to
    /// this silo gets its shard-event series at 0 first: a counter that appears already at 1 reads as no increase to
    /// Prometheus' <c>increase()</c>, and a campaign's one re-lease would be lost.</summary>
    public void Observe(CampaignGauges gauges)
    {
        if (_gauges.TryAdd(gauges.Campaign, gauges))
            foreach (var outcome in ShardOutcomes) _shards.Add(0, Campaign(gauges.Campaign), new KeyValuePair<string, object?>("outcome", outcome));
        else _gauges[gauges.Campaign] = gauges;
    }

    static readonly string[] ShardOutcomes = ["completed", "failed", "released"];

    /// <summary>The coordinator left this silo: its gauges go with it (the next silo to host it reports them).</summary>
    public void Forget(string campaign) => _gauges.TryRemove(campaign, out _);

    IEnumerable<Measurement<long>> Each(Func<CampaignGauges, long> value) =>
        _gauges.Values.Select(g => new Measurement<long>(value(g), Campaign(g.Campaign)));

    IEnumerable<Measurement<long>> QueueDepths() => _gauges.Values.SelectMany(g => new[]
    {
        new Measurement<long>(g.Leased, Campaign(g.Campaign), new("state", "leased")),
        new Measurement<long>(g.Waiting, Campaign(g.Campaign), new("state", "waiting")),
    });

    IEnumerable<Measurement<long>> ElitesByBehaviour() => _gauges.Values.SelectMany(g =>
        g.Elites.Select(e => new Measurement<long>(e.Value, Campaign(g.Campaign), new("behaviour", e.Key))));

    IEnumerable<Measurement<long>> Phases() =>
        _gauges.Values.Select(g => new Measurement<long>(1, Campaign(g.Campaign), new("phase", g.Phase.ToString())));

    KeyValuePair<string, object?> Campaign(string campaign) => new("campaign", _labels.Of(campaign));

    public void Dispose() => _meter.Dispose();
}

/// <summary>One campaign's gauge values at a moment.</summary>
public sealed record CampaignGauges(string Campaign, CampaignPhase Phase, long Budget, long Done, long Leased, long Waiting,
    IReadOnlyDictionary<string, long> Elites);
