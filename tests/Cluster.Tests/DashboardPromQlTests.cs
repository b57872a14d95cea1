namespace Orleans.Noken.Cluster.Tests;

/// <summary>The metric-name extractor the dashboard tests stand on: a lexer that found nothing would pass them all.</summary>
public sealed class DashboardPromQlTests
{
    [Theory]
    [InlineData("noken_worker_busy", "noken_worker_busy")]
    [InlineData("rate(foo_total{a=\"b\", c=~\"x|y\"}[$__rate_interval])", "foo_total")]
    [InlineData("sum by (instance, le) (rate(bar_bucket[5m]))", "bar_bucket")]
    [InlineData("sum(rate(x_total[1m])) by (campaign)", "x_total")]
    [InlineData("SUM BY (a) (x)", "x")]
    [InlineData("sum without (instance) (x) / ignoring (kind) y", "x,y")]
    [InlineData("a * on (instance) group_left(version) b", "a,b")]
    [InlineData("a / on (instance) group_right b", "a,b")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(h_bucket{campaign=\"$campaign\"}[$__rate_interval])))", "h_bucket")]
    [InlineData("1000 * sum by (kind) (rate(hits_total[5m])) / sum by (kind) (rate(nokens_total[5m])) + 1e-3 - 0x1f + .5", "hits_total,nokens_total")]
    [InlineData("x and y or z unless w", "x,y,z,w")]
    [InlineData("x > bool 0", "x")]
    [InlineData("x offset 5m", "x")]
    [InlineData("x offset -1h30m", "x")]
    [InlineData("x @ start()", "x")]
    [InlineData("topk(5, x)", "x")]
    [InlineData("topk($k, x)", "x")]
    [InlineData("count_values(\"le\", x)", "x")]
    [InlineData("label_replace(up_x{job=\"a}b,c\"}, \"dst\", \"$1 metric_in_string\", \"src\", \"(.*)\")", "up_x")]
    [InlineData("x{a=\"say \\\"}\\\" twice\"}", "x")]
    [InlineData("x{a='single'} + y{b=`raw \\`}", "x,y")]
    [InlineData("{__name__=\"named_metric\", a=\"b\"}", "named_metric")]
    [InlineData("max_over_time(rate(x[5m])[1h:1m])", "x")]
    [InlineData("rate(x[[interval]])", "x")]
    [InlineData("sum(rate(x{c=\"${campaign:regex}\"}[$__rate_interval])) * ${factor}", "x")]
    [InlineData("x # y_total is a comment\n + z", "x,z")]
    [InlineData("atan2(x, y)", "x,y")]
    [InlineData("x atan2 y", "x,y")]
    [InlineData("recorded:rule:rate5m", "recorded:rule:rate5m")]
    [InlineData("${metric}_total + foo_${suffix}{a=\"b\"} + x", "x")]
    [InlineData("vector(0)", "")]
    public void ExtractsEveryMetricAndNothingElse(string expression, string expected)
    {
        var metrics = PromQl.MetricNames(expression);
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), metrics);
    }

    [Fact]
    public void ReadsTheLabelsOfEachSelectorsMatchers()
    {
        var selector = Assert.Single(PromQl.Read("rate(foo_total{a=\"b\", c!~\"x\", __name__=\"foo_total\"}[5m])").Selectors);
        Assert.Equal("foo_total", selector.Metric);
        Assert.Equal(["a", "c"], selector.Labels);
    }

    [Fact]
    public void ReadsTheGroupingLabelsOfAggregationsAndVectorMatching()
    {
        var references = PromQl.Read("sum by (instance, le) (a) * on(kind) group_left (version) sum without(area) (b)");
        Assert.Equal(["instance", "le", "kind", "version", "area"], references.GroupingLabels);
    }

    [Theory]
    [InlineData("label_values(noken_campaign_budget, campaign)", "noken_campaign_budget", "campaign")]
    [InlineData("label_values(target_info{service_name=\"noken-silo\", job=~\"$job\"}, instance)", "target_info", "service_name,job,instance")]
    [InlineData("query_result(sum by (campaign) (x{a=\"b\"}))", "x", "a")]
    [InlineData("sum(x{a=\"b\"})", "x", "a")]
    public void ReadsGrafanaVariableQueries(string query, string metric, string labels)
    {
        var selector = Assert.Single(PromQl.ReadVariableQuery(query).Selectors);
        Assert.Equal(metric, selector.Metric);
        Assert.Equal(labels.Split(','), selector.Labels);
    }

    [Theory]
    [InlineData("label_values(campaign)")]
    [InlineData("label_names()")]
    [InlineData("metrics(noken_.*)")]
    public void VariableQueriesWithoutAMetricReadNone(string query) => Assert.Empty(PromQl.ReadVariableQuery(query).Selectors);

    [Theory]
    [InlineData("sum(rate(x[5m])")]
    [InlineData("sum(x))")]
    [InlineData("rate(x[5m)")]
    [InlineData("x{a=\"b\"")]
    [InlineData("x{a=\"b}")]
    [InlineData("x{a=b}")]
    [InlineData("x{a}")]
    [InlineData("sum by (a (x)")]
    [InlineData("x]")]
    public void AMangledExpressionThrowsInsteadOfYieldingNothing(string expression) =>
        Assert.Throws<FormatException>(() => PromQl.Read(expression));
}
