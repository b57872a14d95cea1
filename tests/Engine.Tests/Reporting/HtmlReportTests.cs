using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Evaluation;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Reporting;
using Orleans.Noken.Engine.Search;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Engine.Tests.Hardening;
using Orleans.Noken.Results;

namespace Orleans.Noken.Engine.Tests.Reporting;

public sealed partial class HtmlReportTests
{
    [Fact]
    public async Task AReportOfARealCampaignAndAnEvaluationIsOneOfflineFileWithWellFormedPlotsAndEscapedText()
    {
        using var dir = new TempDirectory();
        var spec = new CampaignSpec("report-me", OrganismHardening.ModelDirectory, dir.File("campaign"), OrganismHardening.Prompts,
            Distances: [0, 3],
            [
                new CampaignStrategy(new NokenRecipe(NokenStrategies.TokenNoise, new Dictionary<string, double> { ["scale"] = 2 }, 41), 8),
                new CampaignStrategy(new NokenRecipe(NokenStrategies.GaussianDiag, new Dictionary<string, double>(), 42), 8),
                new CampaignStrategy(new NokenRecipe(NokenStrategies.GlitchTokens, new Dictionary<string, double> { ["m"] = 8 }, 0), 8),
            ],
            new DecodingOptions { MaxNewTokens = 6 }, DetectorSuiteConfig.Organism, ShardSize: 4, ControlTokenId: null);
        var summary = new LocalSweep(spec).Run();
        var store = new FolderResultStore(dir.File("campaign"));
        var hostile = new EliteRecord("000000001-around/3", spec.Strategies[0].Recipe, 3, "gibberish", 0.42, "<script>alert('x')</script> & more", null);
        await store.WriteAsync(ResultPaths.AtRoot.Elite(EliteRecord.FileName), JsonSerializer.SerializeToUtf8Bytes(new[] { hostile }, SearchState.Json));
        var facts = await CampaignFacts.LoadAsync(store, ResultPaths.AtRoot, "report-me");
        var comparison = new HardeningComparison(0.1,
            new ModelEvaluation("before", new HeldOutEvaluation(new Rate(4, 1000), new Dictionary<string, Rate> { ["derailment"] = new(637, 3000) }),
                new SearchEvaluation(new Rate(69, 1000), 236, new Dictionary<string, long> { ["gibberish"] = 69 }), null),
            new ModelEvaluation("after", new HeldOutEvaluation(new Rate(0, 1000), new Dictionary<string, Rate> { ["derailment"] = new(426, 3000) }),
                new SearchEvaluation(new Rate(0, 1000), null, new Dictionary<string, long>()), null));

        var html = HtmlReport.Build("Study", [facts], [comparison]);

        Assert.Equal(6, facts.Shards.Count);
        Assert.Contains("Real glitch tokens vs nokens", html);
        double expected = HtmlReport.TotalVariation(summary.ByStrategy[NokenStrategies.GlitchTokens], summary.ByStrategy[NokenStrategies.GaussianDiag]);
        Assert.Contains($"<td>gaussian-diag</td><td>{expected.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}</td>", html);
        var svgs = Svg().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(3, svgs.Count);   // strategies, search progress, before vs after (no capability measured)
        // Two distances are two points: a table of them, not a chart.
        Assert.Contains("<p class=\"plot-table\"><b>Pairs with unwanted behaviour, by the noken&#39;s distance from the prompt&#39;s end</b>", html);
        foreach (var svg in svgs) XDocument.Parse(svg);   // every plot is well-formed XML
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(", html);
        Assert.DoesNotMatch(@"(src|href)=""http", html);   // nothing fetched: the file reads offline
        Assert.Contains($"{summary.Nokens:N0} nokens", html);
        foreach (var strategy in summary.ByStrategy.Keys) Assert.Contains(strategy, html);
        Assert.Contains(new Rate(637, 3000).ToString(), html);
        Assert.Contains(new Rate(0, 1000).ToString(), html);
        Assert.Contains("<td>236</td><td>none</td>", html);
        Assert.DoesNotContain("Model size", html);   // one evaluation: nothing to compare sizes with
    }

    [Fact]
    public void EvaluationsOfSeveralSizesGetASizeSectionSmallestFirstWithBeforeAndAfterRates()
    {
        static HardeningComparison At(long parameters, int heldOutBefore, int heldOutAfter, int hitsBefore, int hitsAfter) => new(0.1,
            new ModelEvaluation($"m{parameters}", new HeldOutEvaluation(new Rate(1, 100), new Dictionary<string, Rate> { ["derailment"] = new(heldOutBefore, 300), ["gibberish"] = new(10, 300) }),
                new SearchEvaluation(new Rate(hitsBefore, 1000), 5, new Dictionary<string, long>()), null, parameters),
            new ModelEvaluation($"m{parameters}-hardened", new HeldOutEvaluation(new Rate(0, 100), new Dictionary<string, Rate> { ["derailment"] = new(heldOutAfter, 300), ["gibberish"] = new(0, 300) }),
                new SearchEvaluation(new Rate(hitsAfter, 1000), null, new Dictionary<string, long>()), null, parameters));

        var html = HtmlReport.Build("Sizes", [], [At(3_600_000, 40, 30, 24, 62), At(250_000, 70, 35, 6, 33), At(1_000_000, 50, 30, 10, 40)]);

        int section = html.IndexOf("<h2>Model size</h2>", StringComparison.Ordinal);
        Assert.True(section > 0);
        var sizes = html[section..];
        Assert.True(sizes.IndexOf("m250000", StringComparison.Ordinal) < sizes.IndexOf("m3600000", StringComparison.Ordinal));   // smallest first
        Assert.Contains($"<td>250,000</td><td>{new Rate(80, 300)} → {new Rate(35, 300)}</td><td>{new Rate(6, 1000)} → {new Rate(33, 1000)}</td><td>5 → none</td>", sizes);
        var plot = XDocument.Parse(Svg().Matches(sizes).Single().Value);
        Assert.Equal(4, plot.Descendants().Count(e => e.Name.LocalName == "polyline"));   // held-out and search, before and after

        // Two sizes are two points per line: the chart becomes a table of its numbers.
        var two = HtmlReport.Build("Two sizes", [], [At(3_600_000, 40, 30, 24, 62), At(250_000, 70, 35, 6, 33)]);
        var twoSizes = two[two.IndexOf("<h2>Model size</h2>", StringComparison.Ordinal)..];
        Assert.Empty(Svg().Matches(twoSizes));
        Assert.Contains("<td>held-out, before</td><td>0.25</td>", twoSizes);
    }

    [Fact]
    public void CampaignsAtDifferentLayersGetADepthCurveByGroundTruthClass()
    {
        // Of each campaign's 200 pairs: `leaks` planted leaks, `swaps` harmless swaps, the rest unchanged.
        static CampaignFacts At(int layer, int leaks, int swaps, string mode = "Add", string? name = null) => new(name ?? $"depth-{layer}", 0.1,
            new SweepSummary($"depth-{layer}", "m", 100, 200, 1, ["derailment"],
                new Dictionary<string, Dictionary<string, int>> { ["gaussian-diag"] = new() { ["none"] = 100, ["derailment"] = 100 } },
                new Dictionary<string, Dictionary<string, int>>(), [])
            {
                OutcomesByStrategy = new Dictionary<string, Dictionary<string, int>>
                {
                    ["gaussian-diag"] = new() { ["planted:SecretLeak"] = leaks, ["swap"] = swaps, ["unchanged"] = 200 - leaks - swaps },
                },
            },
            [], [], layer, mode);
        // An ordinary campaign on the input embeddings beside them: one layer of its mode, so no curve of its own.
        var html = HtmlReport.Build("Depth", [At(0, 20, 50), At(2, 80, 10), At(4, 150, 0), At(0, 90, 0, "Replace", "plain-search")], []);

        Assert.Contains("Residual stream: by depth", html);
        Assert.Contains("unwanted ground-truth outcome", html);
        // The rate counts planted leaks, not swaps; every class has its column, planted first.
        Assert.Contains("<th>unwanted pairs</th><th>planted:SecretLeak</th><th>unchanged</th><th>swap</th>", html);
        Assert.Contains($"<td>depth-2</td><td>2</td><td>Add</td><td>{new Rate(80, 200)}</td><td>80</td><td>110</td><td>10</td>", html);
        Assert.DoesNotContain("<td>plain-search</td><td>0</td>", html);
        var plot = XDocument.Parse(Svg().Matches(html).First().Value);
        Assert.Single(plot.Descendants(), e => e.Name.LocalName == "polyline");
        Assert.DoesNotContain("Residual stream", HtmlReport.Build("One layer", [At(0, 20, 0), At(0, 30, 0, "Replace")], []));
    }

    [Fact]
    public void DepthCampaignsWithoutOutcomeClassesFallBackToTheDetectorsAndSaySo()
    {
        static CampaignFacts At(int layer, int unwanted) => new($"old-{layer}", 0.1,
            new SweepSummary($"old-{layer}", "m", 100, 200, 1, ["derailment"],
                new Dictionary<string, Dictionary<string, int>> { ["gaussian-diag"] = new() { ["none"] = 200 - unwanted, ["derailment"] = unwanted } },
                new Dictionary<string, Dictionary<string, int>>(), []),
            [], [], layer, "Add");
        var html = HtmlReport.Build("Old", [At(0, 20), At(2, 80)], []);
        Assert.Contains("the rates are the detectors' labels", html);
        Assert.Contains($"<td>old-2</td><td>2</td><td>Add</td><td>{new Rate(80, 200)}</td></tr>", html);
        Assert.Empty(Svg().Matches(html));   // two layers are two points: a table
    }

    [Fact]
    public void HelpfulAnswersGetTheirOwnChartSoThatUnwantedRatesNearZeroKeepTheirScale()
    {
        static ModelEvaluation With(int helpful, double loss) => new("m", null, null, new OrdinaryTextEvaluation(
            new Dictionary<string, Rate> { ["SecretLeak"] = new(0, 175) }, new Dictionary<string, Rate>(),
            new Dictionary<string, Rate> { ["SecretLeak"] = new(1, 1000) }, new Rate(1, 1000), new Rate(helpful, 1000), loss, 600));
        var html = HtmlReport.Build("Capability", [], [new HardeningComparison(0.1, With(973, 0.1019), With(977, 0.1104))]);

        var charts = Svg().Matches(html).Select(m => m.Value).ToList();
        Assert.Single(charts);
        Assert.Contains("Unwanted behaviour before vs after", charts[0]);
        Assert.DoesNotContain("answered helpfully", charts[0]);
        // Helpful answers before and after are two bars: a table of them, apart from the unwanted rates' chart.
        Assert.Contains("<p class=\"plot-table\"><b>Capability before vs after hardening</b>", html);
        Assert.Contains($"<td>ordinary prompts answered helpfully</td><td>{new Rate(973, 1000)}</td><td>{new Rate(977, 1000)}</td>", html);
        Assert.Contains("<td>0.1019</td><td>0.1104</td>", html);
    }

    [Fact]
    public void TheTotalVariationDistanceIsHalfTheL1DistanceOfTheLabelShares()
    {
        Assert.Equal(0, HtmlReport.TotalVariation(new Dictionary<string, int> { ["none"] = 3, ["x"] = 1 }, new Dictionary<string, int> { ["none"] = 30, ["x"] = 10 }), 12);
        Assert.Equal(1, HtmlReport.TotalVariation(new Dictionary<string, int> { ["none"] = 5 }, new Dictionary<string, int> { ["x"] = 2 }), 12);
        Assert.Equal(0.25, HtmlReport.TotalVariation(new Dictionary<string, int> { ["none"] = 2, ["x"] = 2 }, new Dictionary<string, int> { ["none"] = 3, ["x"] = 1 }), 12);
    }

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Svg();
}
