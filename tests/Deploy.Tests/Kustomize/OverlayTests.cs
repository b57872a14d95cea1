using Orleans.Noken.Deploy.Tests.Infrastructure;

namespace Orleans.Noken.Deploy.Tests.Kustomize;

/// <summary>deploy/k8s: every overlay renders with kubectl on a clean clone (no secret files), validates, and keeps
/// the same operational properties as the chart.</summary>
public sealed class OverlayTests
{
    public static TheoryData<string> Overlays() => new(Infrastructure.Kustomize.Overlays);

    private static Manifest Rendered(string overlay) => ManifestValidator.ValidOrFail(Infrastructure.Kustomize.Render(overlay), $"overlays/{overlay}");

    [Fact]
    public void TheGpuAndCpuOverlaysExist() => Assert.Equal(["cpu", "gpu"], Infrastructure.Kustomize.Overlays);

    [Theory]
    [MemberData(nameof(Overlays))]
    public void EveryOverlayRendersValidatesAndMeetsTheOperationalBaseline(string overlay)
    {
        var m = Rendered(overlay);
        DeploymentAssertions.OperationalBaseline(m, bundledRedis: true);
        Assert.All(m.Objects.Where(o => o.Kind is not ("ClusterRole" or "ClusterRoleBinding")), o => Assert.False(string.IsNullOrEmpty(o.Json["metadata"]!["namespace"]?.ToString()), $"{o} has no namespace"));
    }

    [Fact]
    public void TheGpuOverlayGivesEachSiloAGpuAndCuda()
    {
        var m = Rendered("gpu");
        Assert.Equal(1, DeploymentAssertions.GpuLimit(m));
        Assert.Equal("cuda", m.SiloEnvironment["Noken__Worker__Device"].Literal);
        Assert.Contains("silo-cuda", m.SiloContainer["image"]!.GetValue<string>());
        Assert.Contains(m.Silo.PodSpec!["tolerations"]!.AsArray(), t => t!["key"]!.GetValue<string>() == "nvidia.com/gpu");
        Assert.Equal("Blob", m.SiloEnvironment["ResultStore__Kind"].Literal);
        Assert.NotNull(m.SiloEnvironment["ResultStore__ConnectionString"].SecretName);
    }

    [Fact]
    public void TheCpuOverlayRequestsNoGpuAndWritesResultsToAVolume()
    {
        var m = Rendered("cpu");
        Assert.Null(DeploymentAssertions.GpuLimit(m));
        Assert.Equal("cpu", m.SiloEnvironment["Noken__Worker__Device"].Literal);
        Assert.Equal("Folder", m.SiloEnvironment["ResultStore__Kind"].Literal);
        Assert.False(m.SiloEnvironment.ContainsKey("ResultStore__ConnectionString"));
        var folder = m.SiloEnvironment["ResultStore__Folder"].Literal;
        var mount = m.SiloContainer["volumeMounts"]!.AsArray().Single(v => v!["mountPath"]!.GetValue<string>() == folder)!;
        var volume = m.Silo.PodSpec!["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!;
        Assert.NotNull(m.Find("PersistentVolumeClaim", volume["persistentVolumeClaim"]!["claimName"]!.GetValue<string>()));
    }
}
