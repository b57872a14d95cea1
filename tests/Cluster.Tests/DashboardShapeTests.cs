using System.Text.Json.Nodes;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// The dashboards' shape, without a silo: importable as-is and loadable by the Grafana sidecar from a ConfigMap
/// (plain dashboard JSON, no import envelope), every panel on the datasource variable, and the views issue 5 asks for
/// present in a form a machine can check.
/// </summary>
public sealed class DashboardShapeTests
{
    static readonly IReadOnlyList<GrafanaDashboard> Dashboards = GrafanaDashboard.LoadAll();

    static GrafanaDashboard Board(string file) => Dashboards.Single(d => d.File == file);

    static IReadOnlyList<string> Expressions(GrafanaDashboard board) => board.Queries().Select(q => q.Expression).ToList();

    static IReadOnlySet<string> Metrics(GrafanaDashboard board) =>
        board.Queries().SelectMany(q => q.References.Metrics).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void TheFleetAndCampaignDashboardsAreCommitted()
    {
        Assert.Equal("Orleans.Noken — Fleet", Board("fleet.json").Title);
        Assert.Equal("Orleans.Noken — Campaign", Board("campaign.json").Title);
    }

    [Fact]
    public void EveryDashboardIsPlainJsonWithAUidTagsAndADatasourceVariable()
    {
        foreach (var board in Dashboards)
        {
            // An export "for sharing externally" carries __inputs/__requires: the import page asks for them, the
            // sidecar cannot, and the dashboard would come up with no datasource.
            Assert.False(board.Json.ContainsKey("__inputs"), $"{board.File}: has __inputs (an import envelope)");
            Assert.False(board.Json.ContainsKey("__requires"), $"{board.File}: has __requires (an import envelope)");
            Assert.False(string.IsNullOrWhiteSpace((string?)board.Json["uid"]), $"{board.File}: no uid (links and provisioning need a stable one)");
            Assert.True(board.Json["id"] is null, $"{board.File}: a numeric id ties it to one Grafana database");
            Assert.True((int?)board.Json["schemaVersion"] >= 36, $"{board.File}: schemaVersion {board.Json["schemaVersion"]} is before datasource variables by uid");
            Assert.NotEmpty(board.Json["tags"]?.AsArray() ?? []);
            var datasource = board.Variables().SingleOrDefault(v => (string?)v["name"] == "datasource");
            Assert.True(datasource is not null, $"{board.File}: no 'datasource' variable");
            Assert.Equal("datasource", (string?)datasource["type"]);
            Assert.Equal("prometheus", (string?)datasource["query"]);
        }
        Assert.Equal(Dashboards.Count, Dashboards.Select(d => (string?)d.Json["uid"]).Distinct().Count());
    }

    [Fact]
    public void EveryPanelHasATitleAQueryAndReadsThroughTheDatasourceVariable()
    {
        foreach (var board in Dashboards)
        {
            var panels = board.Panels().ToList();
            Assert.True(panels.Count >= 10, $"{board.File}: only {panels.Count} panels");
            foreach (var panel in panels)
            {
                var title = (string?)panel["title"];
                Assert.False(string.IsNullOrWhiteSpace(title), $"{board.File}: panel id {panel["id"]} has no title");
                Assert.True(UsesVariable(panel["datasource"]), $"{board.File} '{title}': datasource {panel["datasource"]?.ToJsonString()} is not the variable");
                var targets = (panel["targets"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
                Assert.True(targets.Count > 0, $"{board.File} '{title}': no query");
                foreach (var target in targets)
                {
                    Assert.False(string.IsNullOrWhiteSpace((string?)target["expr"]), $"{board.File} '{title}' {target["refId"]}: empty expr");
                    Assert.True(target["datasource"] is null || UsesVariable(target["datasource"]), $"{board.File} '{title}' {target["refId"]}: target datasource is not the variable");
                }
                var grid = panel["gridPos"]!;
                Assert.True((int)grid["x"]! + (int)grid["w"]! <= 24, $"{board.File} '{title}': wider than the grid");
            }
            foreach (var variable in board.Variables().Where(v => (string?)v["type"] == "query"))
                Assert.True(UsesVariable(variable["datasource"]), $"{board.File} variable '{variable["name"]}': datasource is not the variable");
            foreach (var annotation in (board.Json["annotations"]?["list"]?.AsArray() ?? []).OfType<JsonObject>().Where(a => a["expr"] is not null))
                Assert.True(UsesVariable(annotation["datasource"]), $"{board.File} annotation '{annotation["name"]}': datasource is not the variable");
            var ids = panels.Concat(board.Rows()).Select(p => (int)p["id"]!).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }

    static bool UsesVariable(JsonNode? datasource) =>
        (string?)datasource?["uid"] is "${datasource}" or "$datasource";

    [Fact]
    public void EveryExpressionReadsAtLeastOneMetric()
    {
        // A panel whose expression the lexer finds no metric in is either constant or a lexer blind spot; neither belongs here.
        foreach (var query in Dashboards.SelectMany(d => d.Queries()))
            Assert.True(query.References.Selectors.Count > 0, $"{query.Dashboard} {query.Where}: no metric in {query.Expression}");
    }

    [Fact]
    public void TheFleetDashboardShowsThroughputShardsLatencyMemoryOrleansAndTheRuntime()
    {
        var fleet = Board("fleet.json");
        var metrics = Metrics(fleet);
        string[] required =
        [
            "noken_worker_nokens_total", "noken_worker_generated_tokens_total", "noken_worker_shards_total",
            "noken_worker_shard_duration_seconds_bucket", "noken_worker_busy", "noken_worker_memory_bytes",
            "noken_worker_model_load_seconds_sum", "noken_campaign_shards_total", "dotnet_process_cpu_time_seconds_total",
        ];
        foreach (var metric in required) Assert.True(metrics.Contains(metric), $"fleet.json reads no {metric}");
        Assert.Contains(metrics, m => m.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.StartsWith("dotnet_gc_", StringComparison.Ordinal));

        var expressions = Expressions(fleet);
        Assert.Contains(expressions, e => e.Contains("histogram_quantile(0.99,") && e.Contains("noken_worker_shard_duration_seconds_bucket"));
        Assert.Contains(expressions, e => e.Contains("histogram_quantile(0.5,") && e.Contains("noken_worker_shard_duration_seconds_bucket"));
        Assert.Contains(expressions, e => e.Contains("noken_campaign_shards_total") && e.Contains("outcome=\"released\""));
        Assert.Contains(expressions, e => e.Contains("noken_worker_shards_total") && e.Contains("failed"));
        Assert.Contains(fleet.Queries(), q => q.References.Metrics.Contains("noken_worker_memory_bytes") && q.References.GroupingLabels.Contains("area"));

        // Per-silo views: every silo-level series obeys the job and silo pickers.
        foreach (var query in fleet.Queries().Where(q => q.Where.StartsWith("panel", StringComparison.Ordinal)))
            foreach (var selector in query.References.Selectors.Where(s => !s.Metric.StartsWith("noken_campaign_", StringComparison.Ordinal)))
                Assert.True(selector.Labels.Contains("instance") && selector.Labels.Contains("job"),
                    $"fleet.json {query.Where}: {selector.Metric} ignores the $job/$instance variables");
        Assert.Contains(fleet.Variables(), v => (string?)v["name"] == "instance");
    }

    [Fact]
    public void TheCampaignDashboardShowsProgressBehavioursHitsElitesAndTheQueueOfOneCampaign()
    {
        var board = Board("campaign.json");
        Assert.Single(board.Variables(), v => (string?)v["name"] == "campaign");
        Assert.Contains(board.Queries(), q => q.Where == "variable 'campaign'" && q.Expression.Replace(" ", "") == "label_values(noken_campaign_budget,campaign)");

        var metrics = Metrics(board);
        string[] required =
        [
            "noken_campaign_budget", "noken_campaign_done", "noken_campaign_nokens_total", "noken_campaign_behaviours_total",
            "noken_campaign_hits_total", "noken_campaign_elites", "noken_campaign_queue", "noken_campaign_phase",
            "noken_campaign_shards_total",
        ];
        foreach (var metric in required) Assert.True(metrics.Contains(metric), $"campaign.json reads no {metric}");

        var queries = board.Queries().Where(q => q.Where.StartsWith("panel", StringComparison.Ordinal)).ToList();
        // One campaign: every series of every panel is that campaign's.
        foreach (var query in queries)
            foreach (var selector in query.References.Selectors)
                Assert.True(selector.Labels.Contains("campaign"), $"campaign.json {query.Where}: {selector.Metric} is not filtered by $campaign");

        // Progress and ETA: done over budget, and what is left over the rate.
        Assert.Contains(queries, q => Reads(q, "noken_campaign_done", "noken_campaign_budget") && q.Expression.Contains(" / "));
        Assert.Contains(queries, q => Reads(q, "noken_campaign_done", "noken_campaign_budget", "noken_campaign_nokens_total") && q.Expression.Contains(" - ") && q.Expression.Contains("rate("));
        // Hits per 1,000 nokens, explore against exploit.
        Assert.Contains(queries, q => Reads(q, "noken_campaign_hits_total", "noken_campaign_nokens_total") && q.Expression.StartsWith("1000 *", StringComparison.Ordinal) && q.References.GroupingLabels.Contains("kind"));
        Assert.Contains(queries, q => Reads(q, "noken_campaign_hits_total") && q.References.GroupingLabels.Contains("behaviour"));
        Assert.Contains(queries, q => Reads(q, "noken_campaign_elites") && q.References.GroupingLabels.Contains("behaviour"));
        Assert.Contains(queries, q => Reads(q, "noken_campaign_queue") && q.References.GroupingLabels.Contains("state"));
        Assert.Contains(queries, q => Reads(q, "noken_campaign_shards_total") && q.Expression.Contains("outcome=\"released\""));
        // The behaviour distribution over time: a stacked panel of rates by behaviour.
        Assert.Contains(board.Panels(), p => (string?)p["fieldConfig"]?["defaults"]?["custom"]?["stacking"]?["mode"] is "normal" or "percent"
            && (p["targets"]?.AsArray() ?? []).Any(t => (string?)t?["expr"] is { } e && e.Contains("rate(noken_campaign_behaviours_total") && e.Contains("by (behaviour)")));
    }

    static bool Reads(DashboardQuery query, params string[] metrics) => metrics.All(query.References.Metrics.Contains);
}
