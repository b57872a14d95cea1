using Orleans.Noken.Deploy.Tests.Infrastructure;
using static Orleans.Noken.Deploy.Tests.Helm.ValueSets;

namespace Orleans.Noken.Deploy.Tests.Helm;

/// <summary>deploy/helm/orleans-noken rendered (tools/helm-render) with the value sets operators use.</summary>
public sealed class ChartTests
{
    public static TheoryData<ValueSet> Sets() => new(All);

    private static Manifest Rendered(ValueSet set) => ManifestValidator.ValidOrFail(HelmRenderer.Render(set.Arguments), $"the chart with {set.Name} values");

    [Theory]
    [MemberData(nameof(Sets))]
    public void EveryValueSetRendersValidatesAndMeetsTheOperationalBaseline(ValueSet set) =>
        DeploymentAssertions.OperationalBaseline(Rendered(set), set.BundledRedis, set.GeneratedSecrets);

    [Fact]
    public void SilosRequestAGpuByDefaultAndNoneWithTheCpuValues()
    {
        var gpu = Rendered(Default);
        Assert.Equal(1, DeploymentAssertions.GpuLimit(gpu));
        Assert.Equal("cuda", gpu.SiloEnvironment["Noken__Worker__Device"].Literal);
        Assert.Contains(gpu.Silo.PodSpec!["tolerations"]!.AsArray(), t => t!["key"]!.GetValue<string>() == "nvidia.com/gpu");

        var cpu = Rendered(Cpu);
        Assert.Null(DeploymentAssertions.GpuLimit(cpu));
        Assert.Equal("cpu", cpu.SiloEnvironment["Noken__Worker__Device"].Literal);
        Assert.Equal("Folder", cpu.SiloEnvironment["ResultStore__Kind"].Literal);
        Assert.NotNull(cpu.Find("PersistentVolumeClaim", Fullname + "-results"));

        var two = ManifestValidator.ValidOrFail(HelmRenderer.Render("--set", "silo.gpu.count=2", "--set", "silo.gpu.resourceName=amd.com/gpu"), "two AMD GPUs");
        Assert.Equal(2, DeploymentAssertions.GpuLimit(two, "amd.com/gpu"));
    }

    [Fact]
    public void ByDefaultResultsGoToBlobStorageWithAConnectionStringFromASecret()
    {
        var env = Rendered(Default).SiloEnvironment;
        Assert.Equal("Blob", env["ResultStore__Kind"].Literal);
        Assert.Equal(Fullname + "-blob", env["ResultStore__ConnectionString"].SecretName);
        Assert.Equal("/models", env["Noken__Campaigns__ModelsRoot"].Literal);
        Assert.Equal("00:02:00", env["Noken__Silo__ShutdownTimeout"].Literal);
    }

    [Fact]
    public void WorkloadIdentityReplacesTheConnectionString()
    {
        var m = Rendered(WorkloadIdentity);
        var env = m.SiloEnvironment;
        Assert.False(env.ContainsKey("ResultStore__ConnectionString"));
        Assert.Equal("https://nokenresults.blob.core.windows.net", env["ResultStore__ServiceUri"].Literal);
        Assert.Equal("true", K8sObject.Strings(m.Silo.PodTemplate!["metadata"]!["labels"])["azure.workload.identity/use"]);
        var account = m.Find("ServiceAccount", m.Silo.PodSpec!["serviceAccountName"]!.GetValue<string>())!;
        Assert.Equal("11111111-2222-3333-4444-555555555555", account.Annotations["azure.workload.identity/client-id"]);
    }

    [Fact]
    public void AnExternalRedisReplacesTheBundledOne()
    {
        var m = Rendered(ExternalRedis);
        Assert.Null(m.Redis);
        Assert.DoesNotContain(m.OfKind("Service"), s => s.Name.EndsWith("-redis", StringComparison.Ordinal));
        Assert.Equal("redis.example.internal:6380,ssl=true,password=$(REDIS_PASSWORD)", m.SiloEnvironment["Noken__Silo__Redis"].Literal);
        Assert.Equal("managed-redis", m.SiloEnvironment["REDIS_PASSWORD"].SecretName);
    }

    [Fact]
    public void ExistingSecretsAreReferencedAndNoneIsGenerated()
    {
        var m = Rendered(ExistingSecrets);
        Assert.Empty(m.OfKind("Secret"));
        var env = m.SiloEnvironment;
        Assert.Equal("noken-token", env["NOKEN_API_TOKEN"].SecretName);
        Assert.Equal("noken-redis-password", env["REDIS_PASSWORD"].SecretName);
        Assert.Equal("noken-storage", env["ResultStore__ConnectionString"].SecretName);
        Assert.Equal("noken-redis-password", m.Environment(m.Redis!.Containers().Single())["REDIS_PASSWORD"].SecretName);
    }

    [Fact]
    public void GeneratedSecretsAreRandomKeptOnUninstallAndReferenced()
    {
        var first = Rendered(Default);
        var second = Rendered(Default);
        string Token(Manifest m) => m.Find("Secret", GeneratedToken)!.Json["data"]!["token"]!.GetValue<string>();
        var token = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Token(first)));
        Assert.Equal(48, token.Length);
        Assert.NotEqual(Token(first), Token(second)); // a fresh install (lookup finds nothing) draws a new one
        Assert.Equal("keep", first.Find("Secret", GeneratedToken)!.Annotations["helm.sh/resource-policy"]);
        Assert.Equal(GeneratedToken, first.SiloEnvironment["NOKEN_API_TOKEN"].SecretName);
        Assert.Equal(GeneratedRedisPassword, first.SiloEnvironment["REDIS_PASSWORD"].SecretName);
    }

    [Fact]
    public void TheServiceMonitorScrapesEverySilosMetricsThroughTheApiService()
    {
        var m = Rendered(MonitoringAndIngress);
        var monitor = m.OfKind("ServiceMonitor").Single();
        Assert.Equal("kube-prometheus-stack", monitor.Labels["release"]);
        var selector = K8sObject.Strings(monitor.Json["spec"]!["selector"]!["matchLabels"]);
        var service = m.OfKind("Service").Single(s => selector.All(kv => s.Labels.GetValueOrDefault(kv.Key) == kv.Value));
        var endpoint = monitor.Json["spec"]!["endpoints"]!.AsArray().Single()!;
        Assert.Equal("/metrics", endpoint["path"]!.GetValue<string>());
        // /metrics wants the API's token by default: the ServiceMonitor sends it from the silos' own Secret.
        Assert.Equal("Bearer", endpoint["authorization"]!["type"]!.GetValue<string>());
        Assert.Equal(GeneratedToken, endpoint["authorization"]!["credentials"]!["name"]!.GetValue<string>());
        Assert.Equal("token", endpoint["authorization"]!["credentials"]!["key"]!.GetValue<string>());
        Assert.Equal("token", m.SiloEnvironment["Noken__Telemetry__MetricsAccess"].Literal);
        Assert.Contains(service.Json["spec"]!["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == endpoint["port"]!.GetValue<string>());

        var ingress = m.OfKind("Ingress").Single();
        Assert.Equal("noken.example.com", ingress.Json["spec"]!["rules"]![0]!["host"]!.GetValue<string>());
        Assert.Equal("noken-tls", ingress.Json["spec"]!["tls"]![0]!["secretName"]!.GetValue<string>());
        var backend = ingress.Json["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!;
        Assert.Equal(service.Name, backend["name"]!.GetValue<string>());
        Assert.Equal("http://otel-collector.monitoring:4317", m.SiloEnvironment["OTEL_EXPORTER_OTLP_ENDPOINT"].Literal);
        Assert.Equal("otlp-headers", m.SiloEnvironment["OTEL_EXPORTER_OTLP_HEADERS"].SecretName);
    }

    [Fact]
    public void WithoutOptionalFeaturesNoMonitorIngressOrOtlpIsRendered()
    {
        var m = Rendered(Default);
        Assert.Empty(m.OfKind("ServiceMonitor"));
        Assert.Empty(m.OfKind("Ingress"));
        Assert.False(m.SiloEnvironment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }

    [Fact]
    public void ModelsMountReadOnlyFromTheirClaim()
    {
        var m = Rendered(ModelsAndFolder);
        var mount = m.SiloContainer["volumeMounts"]!.AsArray().Single(v => v!["mountPath"]!.GetValue<string>() == "/models")!;
        Assert.True(mount["readOnly"]!.GetValue<bool>());
        var volume = m.Silo.PodSpec!["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!;
        Assert.Equal("hf-models", volume["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        Assert.Equal(4, m.Silo.Json["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("8", m.SiloEnvironment["NOKEN_TORCH_THREADS"].Literal);
        Assert.Null(m.Find("PersistentVolumeClaim", Fullname + "-results")); // the existing claim is used instead
    }

    [Fact]
    public void AClusterOlderThanTheChartNeedsIsRefused()
    {
        var result = HelmRenderer.Run(Repository.Chart, "--kube-version", "v1.29.3");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("chart requires kubeVersion: >=1.30.0-0 which is incompatible with Kubernetes v1.29.3", result.Stderr);
        ManifestValidator.ValidOrFail(HelmRenderer.Render("--kube-version", "v1.30.0"), "on Kubernetes 1.30");
    }

    [Fact]
    public void AMisspelledKeyInAValuesFileIsRefusedNotIgnored()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "redis:\n  persistance:\n    size: 100Gi\n");
            var result = HelmRenderer.Run(Repository.Chart, "-f", file);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("redis: Additional property persistance is not allowed", result.Stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void TheInstallNotesSayHowToGetTheTokenAndReachTheApi()
    {
        var notes = HelmRenderer.Render("--notes");
        Assert.Contains($"kubectl -n noken get secret {GeneratedToken} -o jsonpath='{{.data.token}}' | base64 -d", notes);
        Assert.Contains($"kubectl -n noken port-forward service/{Fullname} 8080:8080", notes);
        Assert.Contains("export NOKEN_API_URL=http://127.0.0.1:8080", notes);
        Assert.Contains("noken submit", notes);

        var withIngress = HelmRenderer.Render([.. MonitoringAndIngress.Arguments, "--set", "api.token.existingSecret=my-token", "--notes"]);
        Assert.Contains("export NOKEN_API_URL=https://noken.example.com", withIngress);
        Assert.Contains("get secret my-token", withIngress);
        Assert.DoesNotContain("port-forward", withIngress);
    }

    [Fact]
    public void AnInitContainerFillsAWritableModelsFolder()
    {
        var m = Rendered(ModelsFromAnInitContainer);
        var init = m.Silo.PodSpec!["initContainers"]!.AsArray().Single()!;
        Assert.Equal("registry.example.com/model-fetcher:1", init["image"]!.GetValue<string>());
        Assert.Contains(init["volumeMounts"]!.AsArray(), v => v!["mountPath"]!.GetValue<string>() == "/models" && v["readOnly"] is null);
        var volume = m.Silo.PodSpec["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "models")!;
        Assert.Equal("64Gi", volume["emptyDir"]!["sizeLimit"]!.GetValue<string>());
    }

    [Fact]
    public void AChangedSettingRollsTheSilos()
    {
        string Checksum(params string[] args) =>
            ManifestValidator.ValidOrFail(HelmRenderer.Render(args), "checksum").Silo.PodTemplate!["metadata"]!["annotations"]!["checksum/config"]!.GetValue<string>();
        Assert.Equal(Checksum(), Checksum());
        Assert.NotEqual(Checksum(), Checksum("--set", "silo.leaseDuration=00:02:00"));
    }

    [Fact]
    public void ALongerShutdownTimeoutReachesTheSilo()
    {
        var m = ManifestValidator.ValidOrFail(HelmRenderer.Render("--set", "silo.shutdownTimeoutSeconds=3725", "--set", "silo.terminationGracePeriodSeconds=3800"), "long shutdown");
        Assert.Equal("01:02:05", m.SiloEnvironment["Noken__Silo__ShutdownTimeout"].Literal);
        DeploymentAssertions.GracePeriodExceedsShutdownTimeout(m);
    }

    [Theory]
    [InlineData("silo.terminationGracePeriodSeconds=120", "must exceed silo.shutdownTimeoutSeconds")]
    [InlineData("metrics.serviceMonitor.enabled=true", "prometheus-operator CRDs")]
    [InlineData("redis.enabled=false", "redis.external.host is required")]
    [InlineData("results.kind=S3", "results.kind: must be one of [Blob Folder]")]
    [InlineData("silo.replica=3", "silo: Additional property replica is not allowed")]
    [InlineData("silo.gpu.count=two", "silo.gpu.count: Invalid type. Expected: integer")]
    [InlineData("redis.appendfsync=no", "redis.appendfsync: must be one of [always everysec]")]
    [InlineData("workloadIdentity.enabled=true", "workloadIdentity.clientId")]
    public void ValuesThatCannotWorkOrDoNotExistAreRefusedWithAReason(string setting, string reason)
    {
        var result = HelmRenderer.Run(Repository.Chart, "--set", setting);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(reason, result.Stderr);
        Assert.Equal("", result.Stdout);
    }
}
