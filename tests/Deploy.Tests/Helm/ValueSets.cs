namespace Orleans.Noken.Deploy.Tests.Helm;

/// <summary>The ways an operator installs the chart; each must render, validate and keep the baseline.</summary>
public static class ValueSets
{
    public const string Fullname = "noken-orleans-noken";
    public const string GeneratedToken = Fullname + "-api-token";
    public const string GeneratedRedisPassword = Fullname + "-redis";

    public sealed record ValueSet(string Name, string[] Arguments, bool BundledRedis, string[] GeneratedSecrets)
    {
        public override string ToString() => Name;
    }

    public static readonly ValueSet Default = new("default", [], true, [GeneratedToken, GeneratedRedisPassword]);

    public static readonly ValueSet Cpu = new("cpu", ["-f", Infrastructure.Repository.Path("deploy", "helm", "orleans-noken", "values-cpu.yaml")],
        true, [GeneratedToken, GeneratedRedisPassword]);

    public static readonly ValueSet ExternalRedis = new("external-redis",
        ["--set", "redis.enabled=false", "--set", "redis.external.host=redis.example.internal", "--set", "redis.external.port=6380",
         "--set", "redis.external.ssl=true", "--set", "redis.auth.existingSecret=managed-redis"],
        false, [GeneratedToken]);

    public static readonly ValueSet WorkloadIdentity = new("workload-identity",
        ["--set", "workloadIdentity.enabled=true", "--set", "workloadIdentity.clientId=11111111-2222-3333-4444-555555555555",
         "--set", "results.blob.serviceUri=https://nokenresults.blob.core.windows.net"],
        true, [GeneratedToken, GeneratedRedisPassword]);

    public static readonly ValueSet MonitoringAndIngress = new("servicemonitor-ingress",
        ["--api-versions", "monitoring.coreos.com/v1", "--set", "metrics.serviceMonitor.enabled=true",
         "--set", "metrics.serviceMonitor.labels.release=kube-prometheus-stack",
         // As the README writes it: a list index replaces values.yaml's whole hosts list (paths included), as in Helm.
         "--set", "api.ingress.enabled=true", "--set", "api.ingress.className=nginx", "--set", "api.ingress.hosts[0].host=noken.example.com",
         "--set", "api.ingress.tls[0].secretName=noken-tls", "--set", "api.ingress.tls[0].hosts[0]=noken.example.com",
         "--set", "telemetry.otlp.endpoint=http://otel-collector.monitoring:4317", "--set", "telemetry.otlp.headersSecret.name=otlp-headers"],
        true, [GeneratedToken, GeneratedRedisPassword]);

    public static readonly ValueSet ExistingSecrets = new("existing-secrets",
        ["--set", "api.token.existingSecret=noken-token", "--set", "redis.auth.existingSecret=noken-redis-password",
         "--set", "results.blob.connectionStringSecret.name=noken-storage"],
        true, []);

    public static readonly ValueSet ModelsAndFolder = new("models-pvc-folder-results",
        ["--set", "models.existingClaim=hf-models", "--set", "results.kind=Folder", "--set", "results.folder.existingClaim=shared-results",
         "--set", "silo.replicas=4", "--set-string", "silo.torchThreads=8"],
        true, [GeneratedToken, GeneratedRedisPassword]);

    public static readonly ValueSet ModelsFromAnInitContainer = new("models-init-container",
        ["--set", "models.init.enabled=true", "--set", "models.init.image=registry.example.com/model-fetcher:1",
         "--set", "models.init.command[0]=/fetch", "--set", "models.init.command[1]=--to=/models"],
        true, [GeneratedToken, GeneratedRedisPassword]);

    public static readonly ValueSet[] All = [Default, Cpu, ExternalRedis, WorkloadIdentity, MonitoringAndIngress, ExistingSecrets, ModelsAndFolder, ModelsFromAnInitContainer];
}
