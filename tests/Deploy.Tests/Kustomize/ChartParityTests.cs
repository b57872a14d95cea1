using System.Text.Json.Nodes;
using Orleans.Noken.Deploy.Tests.Infrastructure;

namespace Orleans.Noken.Deploy.Tests.Kustomize;

/// <summary>The plain manifests and the chart describe the same deployment: a setting added to one and forgotten in the
/// other is caught here rather than on a cluster.</summary>
public sealed class ChartParityTests
{
    [Fact]
    public void TheGpuOverlayConfiguresTheSiloLikeTheChartsDefaults()
    {
        var chart = ManifestValidator.ValidOrFail(HelmRenderer.Render(), "the chart");
        var overlay = ManifestValidator.ValidOrFail(Infrastructure.Kustomize.Render("gpu"), "overlays/gpu");

        Assert.Equal(chart.SiloEnvironment.Keys.Order(), overlay.SiloEnvironment.Keys.Order());
        // Values that name this install (ids, hosts, secret names) differ; how the silo behaves must not.
        foreach (var key in new[] { "Noken__Silo__Clustering", "Noken__Silo__GrainState", "Noken__Silo__Kubernetes", "Noken__Silo__SiloPort",
                     "Noken__Silo__GatewayPort", "Noken__Silo__ShutdownTimeout", "Noken__Api__Urls", "Noken__Worker__Device",
                     "Noken__Campaigns__ModelsRoot", "ResultStore__Kind", "ResultStore__Container", "TMPDIR", "HOME" })
            Assert.True(chart.SiloEnvironment[key].Literal == overlay.SiloEnvironment[key].Literal,
                $"{key}: chart {chart.SiloEnvironment[key].Literal}, overlay {overlay.SiloEnvironment[key].Literal}");

        Assert.True(JsonNode.DeepEquals(chart.SiloContainer["securityContext"], overlay.SiloContainer["securityContext"]), "container securityContext differs");
        Assert.True(JsonNode.DeepEquals(chart.Silo.PodSpec!["securityContext"], overlay.Silo.PodSpec!["securityContext"]), "pod securityContext differs");
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            Assert.True(JsonNode.DeepEquals(chart.SiloContainer[probe], overlay.SiloContainer[probe]), $"{probe} differs");
        Assert.Equal(chart.Silo.PodSpec!["terminationGracePeriodSeconds"]!.GetValue<int>(), overlay.Silo.PodSpec!["terminationGracePeriodSeconds"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(chart.Silo.Json["spec"]!["strategy"], overlay.Silo.Json["spec"]!["strategy"]), "rollout strategy differs");
        Assert.True(JsonNode.DeepEquals(chart.SiloContainer["resources"], overlay.SiloContainer["resources"]), "resources differ");
    }
}
