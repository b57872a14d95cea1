using Orleans.Noken.Deploy.Tests.Infrastructure;

namespace Orleans.Noken.Deploy.Tests.Helm;

/// <summary>The chart ships deploy/grafana/*.json (through its dashboards/ link) as ConfigMaps for Grafana's sidecar.</summary>
public sealed class DashboardTests
{
    [Fact]
    public void TheChartsDashboardsFolderIsALinkToDeployGrafana()
    {
        var link = new DirectoryInfo(Path.Combine(Repository.Chart, "dashboards"));
        Assert.Equal("../../grafana", link.LinkTarget);
        Assert.Equal(Path.GetFullPath(Repository.Path("deploy", "grafana")), Path.GetFullPath(link.ResolveLinkTarget(returnFinalTarget: true)!.FullName));
    }

    [Fact]
    public void EveryGrafanaDashboardIsShippedInALabelledConfigMap()
    {
        var m = ManifestValidator.ValidOrFail(HelmRenderer.Render(), "the chart");
        var shipped = m.OfKind("ConfigMap").Where(c => c.Labels.GetValueOrDefault("grafana_dashboard") == "1")
            .SelectMany(c => K8sObject.Strings(c.Json["data"])).ToDictionary(kv => kv.Key, kv => kv.Value);
        var files = Directory.GetFiles(Repository.Path("deploy", "grafana"), "*.json").Order().ToList();
        Assert.Equal(files.Select(Path.GetFileName).Order(), shipped.Keys.Order());
        foreach (var file in files)
            Assert.Equal(File.ReadAllText(file).TrimEnd(), shipped[Path.GetFileName(file)]);
    }

    /// <summary>The mechanism on a dashboard of our own, whatever deploy/grafana holds today: Grafana's legend
    /// templates ({{instance}}) must arrive untouched, not be taken for Helm template actions.</summary>
    [Fact]
    public void ADashboardArrivesVerbatimInAConfigMapWithTheConfiguredLabel()
    {
        var chart = CopyChartWithDashboards(new Dictionary<string, string>
        {
            ["noken-overview.json"] = "{\n  \"title\": \"Noken overview\",\n  \"panels\": [{\"legendFormat\": \"{{instance}} {{campaign}}\", \"expr\": \"sum(rate(noken_worker_nokens_total[5m]))\"}]\n}\n",
            ["Shards_by_Outcome.json"] = "{\"title\": \"Shards\"}",
        });
        try
        {
            var m = ManifestValidator.ValidOrFail(HelmRenderer.RenderChart(chart, "--set", "dashboards.label=grafana_dashboard_noken", "--set", "dashboards.labelValue=yes",
                "--set", "dashboards.annotations.grafana_folder=Noken"), "the chart with two dashboards");
            var maps = m.OfKind("ConfigMap").Where(c => c.Labels.ContainsKey("grafana_dashboard_noken")).ToList();
            Assert.Equal(2, maps.Count);
            Assert.All(maps, c => Assert.Equal("yes", c.Labels["grafana_dashboard_noken"]));
            Assert.All(maps, c => Assert.Equal("Noken", c.Annotations["grafana_folder"]));
            var overview = maps.Single(c => c.Name == "noken-orleans-noken-dashboard-noken-overview");
            Assert.Contains("\"legendFormat\": \"{{instance}} {{campaign}}\"", K8sObject.Strings(overview.Json["data"])["noken-overview.json"]);
            Assert.Contains(maps, c => c.Name == "noken-orleans-noken-dashboard-shards-by-outcome");

            var off = ManifestValidator.ValidOrFail(HelmRenderer.RenderChart(chart, "--set", "dashboards.enabled=false"), "dashboards off");
            Assert.DoesNotContain(off.OfKind("ConfigMap"), c => c.Name.Contains("-dashboard-", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(chart, recursive: true);
        }
    }

    private static string CopyChartWithDashboards(IReadOnlyDictionary<string, string> dashboards)
    {
        var root = Path.Combine(Path.GetTempPath(), "noken-chart-" + Guid.NewGuid().ToString("N")[..8], "orleans-noken");
        foreach (var file in Directory.EnumerateFiles(Repository.Chart, "*", new EnumerationOptions { RecurseSubdirectories = true }))
        {
            var relative = Path.GetRelativePath(Repository.Chart, file);
            if (relative.StartsWith("dashboards", StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, relative))!);
            File.Copy(file, Path.Combine(root, relative));
        }
        Directory.CreateDirectory(Path.Combine(root, "dashboards"));
        foreach (var (name, json) in dashboards) File.WriteAllText(Path.Combine(root, "dashboards", name), json);
        return root;
    }
}
