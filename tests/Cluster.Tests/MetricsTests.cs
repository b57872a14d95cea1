using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Results.Tests;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>The silo's Prometheus endpoint, scraped for real, against the work the result store holds.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class MetricsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TheScrapedCountersEqualTheWorkInTheResultStore()
    {
        using var services = new ClusterServices(azurite);
        var silo = await services.StartSiloAsync("silo-1");
        using var api = services.Api(silo);
        var id = (await api.SubmitAsync(FaultCampaign.Sweep.Replace("count: 800", "count: 200"))).Id;
        var done = await api.WaitAsync(id, s => s.Phase == CampaignPhase.Completed, TimeSpan.FromMinutes(3), services.Logs);
        Assert.Equal(CampaignPhase.Completed, done.Phase);
        var audit = await ResultAudit.ReadAsync(azurite.Service, services.Container, id);

        // The scrape needs no token (like /healthz) and holds counts only.
        using var anonymous = services.Api(silo, token: null);
        var text = await (await anonymous.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Equal(audit.Rows.Select(r => r.NokenId).Distinct().Count(), Sum(text, "noken_worker_nokens_total", id));
        Assert.Equal(audit.ShardFiles, Sum(text, "noken_worker_shards_total", id, "outcome=\"folded\""));
        Assert.Equal(audit.ShardFiles, Sum(text, "noken_worker_shard_duration_seconds_count", id));
        Assert.Equal(1, Sum(text, "noken_worker_model_load_seconds_count"));
        Assert.Matches(@"(?m)^dotnet_gc_collections_total", text);   // the runtime's instruments
        Assert.Matches(@"(?m)^orleans_", text);   // and Orleans' own
    }

    /// <summary>The sum of a metric's samples whose labels include every one of <paramref name="labels"/>.</summary>
    static double Sum(string exposition, string metric, string? campaign = null, params string[] labels)
    {
        double sum = 0;
        int samples = 0;
        foreach (Match m in Sample().Matches(exposition))
        {
            if (m.Groups["name"].Value != metric) continue;
            var tags = m.Groups["labels"].Value;
            if (campaign is not null && !tags.Contains($"campaign=\"{campaign}\"", StringComparison.Ordinal)) continue;
            if (!labels.All(l => tags.Contains(l, StringComparison.Ordinal))) continue;
            sum += double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            samples++;
        }
        Assert.True(samples > 0, $"no sample of {metric} in the scrape:\n{exposition}");
        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
