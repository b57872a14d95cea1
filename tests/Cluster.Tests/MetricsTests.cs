using Orleans.Noken.Abstractions;
using Orleans.Noken.Results.Tests;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// The silos' telemetry, for real: a campaign on two silo processes (Redis, Azurite), their Prometheus endpoints
/// scraped, and every count checked against what the result store holds and what the API reports; traces and metrics
/// exported over OTLP to a real HTTP endpoint.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MetricsTests(AzuriteFixture azurite)
{
    const double Threshold = 0.05;
    static readonly string Spec = FaultCampaign.Sweep.Replace("count: 800", "count: 200")
        + $"\nobjective: unwanted_score\nsearch:\n  explore_fraction: 0.5\n  threshold: {Threshold}\n";

    [Fact]
    public async Task TwoSilosCountersEqualTheResultStoreAndTheStatusAndTracesReachOtlp()
    {
        using var otlp = new OtlpReceiver();
        using var services = new ClusterServices(azurite);
        foreach (var (key, value) in otlp.Environment()) services.Extra[key] = value;
        var first = await services.StartSiloAsync("silo-1");
        await services.StartSiloAsync("silo-2");
        using var api = services.Api(first);
        var id = (await api.SubmitAsync(Spec)).Id;
        var status = await api.WaitAsync(id, s => s.Phase == CampaignPhase.Completed, TimeSpan.FromMinutes(4), services.Logs);
        Assert.Equal(CampaignPhase.Completed, status.Phase);
        var audit = await ResultAudit.ReadAsync(azurite.Service, services.Container, id);
        audit.AssertExactlyOnce(status.Budget, prompts: 2, status.ShardsDone);

        // The series carry campaign ids (spec names): by default the scrape needs the token, as /api does.
        using (var anonymous = new HttpClient())
        using (var refused = await anonymous.GetAsync(new Uri(first.Api, "/metrics")))
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        using var scraper = new HttpClient();
        scraper.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ClusterServices.Token);
        var scrapes = new List<MetricsScrape>();
        foreach (var silo in services.Silos) scrapes.Add(await MetricsScrape.ReadAsync(scraper, silo.Api));
        double Sum(string metric, params (string, string)[] labels) => scrapes.Sum(s => s.Sum(metric, [("campaign", id), .. labels]));
        Dictionary<string, double> SumBy(string metric, string label) => scrapes.SelectMany(s => s.SumBy(metric, label, ("campaign", id)))
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

        // Workers: both silos worked, and together they ran each noken once (no faults, so no shard twice).
        Assert.All(scrapes, s => Assert.True(s.Sum("noken_worker_nokens_total", ("campaign", id)) > 0, "a silo ran nothing:\n" + s.Text));
        long nokens = audit.Rows.Select(r => r.NokenId).Distinct().LongCount();
        Assert.Equal(nokens, Sum("noken_worker_nokens_total"));
        Assert.Equal(audit.GeneratedTokens, Sum("noken_worker_generated_tokens_total"));
        Assert.True(audit.GeneratedTokens > 0);
        Assert.Equal(audit.ShardFiles, Sum("noken_worker_shards_total", ("outcome", "folded")));
        Assert.Equal(0, Sum("noken_worker_shards_total", ("outcome", "failed")));
        Assert.Equal(audit.ShardFiles, Sum("noken_worker_shard_duration_seconds_count"));
        Assert.All(scrapes, s =>
        {
            Assert.Equal(1, s.Sum("noken_worker_model_load_seconds_count"));
            Assert.Equal(0, s.Sum("noken_worker_busy"));   // the campaign is over
            Assert.True(s.Sum("noken_worker_memory_bytes", ("area", "resident")) > s.Sum("noken_worker_memory_bytes", ("area", "managed")));
            Assert.True(s.Sum("noken_worker_memory_bytes", ("area", "native")) > 0);
            Assert.True(s.Has("dotnet_gc_collections_total"), "no runtime instruments");
            Assert.Contains(s.Samples, x => x.Name.StartsWith("orleans_", StringComparison.Ordinal));
        });

        // The coordinator: the same numbers as the API's status, and as the result store's rows.
        Assert.Equal(status.Budget, Sum("noken_campaign_nokens_total"));
        Assert.Equal(status.ShardsDone, Sum("noken_campaign_shards_total", ("outcome", "completed")));
        Assert.Equal(status.Releases, Sum("noken_campaign_shards_total", ("outcome", "released")));
        Assert.Equal(Counts(status.Labels), SumBy("noken_campaign_behaviours_total", "behaviour"));
        Assert.Equal(Counts(status.Search.NokensByKind), SumBy("noken_campaign_nokens_total", "kind"));
        Assert.Equal(Counts(status.Search.HitsByKind.Where(h => h.Value > 0)), SumBy("noken_campaign_hits_total", "kind"));
        Assert.Equal(Counts(status.Hits.Where(h => h.Value > 0)), SumBy("noken_campaign_hits_total", "behaviour"));
        // A noken's outcome is its worst prompt: hits counted from the stored rows match the counter.
        long storedHits = audit.Rows.GroupBy(r => r.NokenId).Count(g => g.Max(r => r.UnwantedScore) >= Threshold);
        Assert.True(storedHits > 0, "the campaign found nothing above the threshold: the hit counters are untested");
        Assert.Equal(storedHits, Sum("noken_campaign_hits_total"));
        Assert.True(status.Search.NokensByKind.GetValueOrDefault("exploit") > 0, "no exploit shard ran");

        Assert.Equal(status.Budget, Sum("noken_campaign_budget"));
        Assert.Equal(status.Budget, Sum("noken_campaign_done"));
        Assert.Equal(1, Sum("noken_campaign_phase", ("phase", "Completed")));
        Assert.Equal(0, Sum("noken_campaign_queue", ("state", "waiting")));
        Assert.Equal(status.Search.Elites, Sum("noken_campaign_elites"));
        Assert.True(status.Search.Elites > 0);

        // OTLP: a shard span from each silo, the coordinator's fold spans, and the metrics, all at the real endpoint.
        foreach (var silo in services.Silos)
            Assert.True(await otlp.WaitForAsync(TimeSpan.FromSeconds(15), "/v1/traces", "noken.shard", id, silo.Name), $"no shard span from {silo.Name}: {otlp.Describe()}");
        Assert.True(await otlp.WaitForAsync(TimeSpan.FromSeconds(15), "/v1/traces", "noken.campaign.fold", id), otlp.Describe());
        Assert.True(await otlp.WaitForAsync(TimeSpan.FromSeconds(15), "/v1/metrics", "noken.campaign.nokens", "noken.worker.nokens"), otlp.Describe());
    }

    static Dictionary<string, double> Counts(IEnumerable<KeyValuePair<string, long>> counts) =>
        counts.ToDictionary(c => c.Key, c => (double)c.Value, StringComparer.Ordinal);

    [Fact]
    public async Task AnOpenScrapeWithHashedLabelsNamesNoCampaignAndABadSettingStopsTheSilo()
    {
        using var services = new ClusterServices(azurite);
        services.Extra["Noken__Telemetry__MetricsAccess"] = "open";
        services.Extra["Noken__Telemetry__CampaignLabels"] = "hash";
        var silo = await services.StartSiloAsync("silo-1");
        using var api = services.Api(silo);
        const string id = "secret-project-x";
        var done = await api.WaitAsync((await api.SubmitAsync(FaultCampaign.Sweep.Replace("count: 800", "count: 40"), id)).Id,
            s => s.Phase.IsFinal(), TimeSpan.FromMinutes(3), services.Logs);
        Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");

        using var anonymous = new HttpClient();
        var scrape = await MetricsScrape.ReadAsync(anonymous, silo.Api);   // no token: opened
        Assert.DoesNotContain(id, scrape.Text);
        // sha256("secret-project-x")[..12], what `printf %s secret-project-x | sha256sum | cut -c1-12` prints.
        const string hash = "3ca202173a57";
        Assert.Equal(hash, Grains.Telemetry.CampaignLabels.Hash(id));
        Assert.Equal(80, scrape.Sum("noken_worker_nokens_total", ("campaign", hash)));
        Assert.Equal(80, scrape.Sum("noken_campaign_nokens_total", ("campaign", hash)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync("silo-bad",
            new Dictionary<string, string>(services.Environment()) { ["Noken__Telemetry__MetricsAccess"] = "public" }, TimeSpan.FromMinutes(1)));
        Assert.Contains("exited with 2", error.Message);
        Assert.Contains("Noken:Telemetry:MetricsAccess: 'public' is not one of token, open", error.Message);
    }
}
