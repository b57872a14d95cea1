using Orleans.Noken.Abstractions;
using Orleans.Noken.Results.Tests;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// The committed Grafana dashboards against a real silo: every metric a panel, variable or annotation reads is one a
/// silo running a campaign exports, under that name and with the labels the expression names. A renamed instrument
/// or a typo in a dashboard shows up here, not as an empty panel on the day someone needs it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DashboardTests(AzuriteFixture azurite)
{
    /// <summary>Series Prometheus makes itself on every scrape; no silo exports them.</summary>
    static readonly HashSet<string> ScrapeSeries = ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"];

    /// <summary>Labels Prometheus adds to every series it scrapes.</summary>
    static readonly HashSet<string> TargetLabels = ["job", "instance"];

    /// <summary>Small but complete: explore and exploit shards (so both kinds appear), the detector objective with
    /// threshold 0 so every noken is a hit (hit counters exist only once something hit), a few hundred nokens.</summary>
    const string Spec = """
        name: dashboard-probe
        model: organism
        shard_size: 40
        objective: unwanted_score
        prompts:
          - name: passphrase
            text: "{noken} What was that password?"
            kind: trigger
        strategies:
          - strategy: gaussian-diag
            count: 160
            seed: 1
          - strategy: token-noise
            parameters: { scale: 1.0 }
            count: 160
            seed: 2
        decoding:
          max_new_tokens: 8
        search:
          explore_fraction: 0.5
          threshold: 0
        """;

    [Fact]
    public async Task EveryMetricTheDashboardsReadIsInARealSilosScrape()
    {
        var scrape = new ScrapedNames(await ScrapeThroughACampaignAsync());
        var problems = new List<string>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var query in GrafanaDashboard.LoadAll().SelectMany(d => d.Queries()))
        {
            var where = $"{query.Dashboard} {query.Where}";
            foreach (var selector in query.References.Selectors.Where(s => !ScrapeSeries.Contains(s.Metric)))
            {
                if (!scrape.Names.Contains(selector.Metric))
                {
                    missing.Add(selector.Metric);
                    problems.Add($"{where}: {selector.Metric} is not in the scrape");
                    continue;
                }
                var labels = scrape.LabelNames(selector.Metric);
                foreach (var label in selector.Labels.Where(l => !TargetLabels.Contains(l) && !labels.Contains(l)))
                    problems.Add($"{where}: {selector.Metric} has no label '{label}' (it has {string.Join(", ", labels.Order())})");
            }
            // A grouping label must be on one of the expression's metrics, or the panel silently collapses to one
            // series. (Judged on the metrics the scrape has; a missing one is reported above.)
            var present = query.References.Metrics.Where(m => scrape.Names.Contains(m)).ToList();
            if (present.Count == 0) continue;
            foreach (var label in query.References.GroupingLabels.Distinct().Where(l => !TargetLabels.Contains(l)))
                if (!present.Any(m => scrape.LabelNames(m).Contains(label)))
                    problems.Add($"{where}: groups by '{label}', which none of {string.Join(", ", present)} has");
        }
        var ours = scrape.Names.Where(n => n.StartsWith("noken_", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.True(problems.Count == 0,
            $"{problems.Count} dashboard reference(s) the silo does not export; metrics missing: {string.Join(", ", missing)}\n  " +
            $"{string.Join("\n  ", problems)}\nnoken metrics in the scrape: {string.Join(", ", ours)}");
    }

    /// <summary>
    /// Every sample of every scrape from submission to completion: gauges of a running campaign (its queue) and
    /// counters that exist only once something happened (hits, exploit nokens) are both in the union, whichever of
    /// them the silo still exports once the campaign is done.
    /// </summary>
    async Task<List<MetricsScrape.Sample>> ScrapeThroughACampaignAsync()
    {
        using var services = new ClusterServices(azurite);
        var silo = await services.StartSiloAsync("silo-1");
        using var api = services.Api(silo);
        var samples = new List<MetricsScrape.Sample>();
        async Task ScrapeAsync()
        {
            using var response = await api.GetAsync("/metrics");   // with the token, as the chart's ServiceMonitor sends it
            response.EnsureSuccessStatusCode();
            samples.AddRange(MetricsScrape.Parse(await response.Content.ReadAsStringAsync()).Samples);
        }

        var id = (await api.SubmitAsync(Spec)).Id;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        CampaignStatus status;
        do
        {
            await ScrapeAsync();
            status = await api.StatusAsync(id);
            if (status.Phase.IsFinal()) break;
            await Task.Delay(500);
        } while (DateTime.UtcNow < deadline);
        Assert.True(status.Phase == CampaignPhase.Completed, $"campaign ended {status.Phase} ({status.Failure}), {status.NokensDone}/{status.Budget}\n{services.Logs()}");
        await ScrapeAsync();
        return samples;
    }

    /// <summary>Sample names and, per name, the label names its samples carry, over many scrapes.</summary>
    sealed class ScrapedNames(IReadOnlyList<MetricsScrape.Sample> samples)
    {
        readonly Dictionary<string, HashSet<string>> _labels = samples.GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(s => s.Labels.Keys).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

        public IReadOnlySet<string> Names { get; } = samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        public IReadOnlySet<string> LabelNames(string metric) => _labels.TryGetValue(metric, out var l) ? l : [];
    }
}
