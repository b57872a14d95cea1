namespace Orleans.Noken.Cluster.Tests;

/// <summary>The scrape parser the metric tests share.</summary>
public sealed class PrometheusExpositionTests
{
    const string Scrape = """
        # TYPE noken_worker_nokens_total counter
        # HELP noken_worker_nokens_total Nokens this silo ran
        noken_worker_nokens_total{otel_scope_name="Orleans.Noken.Worker",campaign="c-1",kind="explore"} 320
        noken_worker_nokens_total{otel_scope_name="Orleans.Noken.Worker",campaign="c-1",kind="exploit"} 80 1732622400000
        noken_worker_shard_duration_seconds_bucket{campaign="c-1",le="+Inf"} 10
        odd{text="a \"quoted\", {braced} value\\n",empty=""} 1.5e3
        bare NaN

        """;

    [Fact]
    public void ParsesNamesLabelsAndValuesWithEscapesTimestampsAndSpecialValues()
    {
        var scrape = PrometheusExposition.Parse(Scrape.Replace("\n", "\r\n"));
        Assert.Equal(5, scrape.Samples.Count);
        Assert.Equal(["bare", "noken_worker_nokens_total", "noken_worker_shard_duration_seconds_bucket", "odd"], scrape.Names.Order());
        Assert.Equal(400, scrape.Sum("noken_worker_nokens_total", ("campaign", "c-1")));
        Assert.Equal(80, scrape.Sum("noken_worker_nokens_total", ("kind", "exploit")));
        Assert.Equal(["campaign", "kind", "otel_scope_name"], scrape.LabelNames("noken_worker_nokens_total").Order());
        var odd = scrape.Samples.Single(s => s.Name == "odd");
        Assert.Equal("a \"quoted\", {braced} value\\n", odd.Labels["text"]);
        Assert.Equal("", odd.Labels["empty"]);
        Assert.Equal(1500, odd.Value);
        Assert.True(double.IsNaN(scrape.Samples.Single(s => s.Name == "bare").Value));
        Assert.Equal("+Inf", scrape.Samples.Single(s => s.Name.EndsWith("_bucket")).Labels["le"]);
    }

    [Fact]
    public void ABrokenLineThrowsNamingIt() =>
        Assert.Contains("line 2", Assert.Throws<FormatException>(() => PrometheusExposition.Parse("ok 1\nbroken{a=\"1} 2\n")).Message);
}
