using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orleans.Noken.Deploy.Tests.Infrastructure;

/// <summary>
/// The properties an operator relies on, checked the same way on the chart's renderings and on the kustomize
/// overlays. Each names the object and field that breaks it.
/// </summary>
public static partial class DeploymentAssertions
{
    /// <summary>All of them, for a rendering of the whole deployment.</summary>
    public static void OperationalBaseline(Manifest m, bool bundledRedis, params string[] generatedSecrets)
    {
        PodsAreHardened(m);
        SiloProbesHitHealthzOnTheApiPort(m);
        GracePeriodExceedsShutdownTimeout(m);
        KubernetesHostingIsWired(m);
        NetworkPoliciesGuardSiloPortsAndRedis(m, bundledRedis);
        DisruptionBudgetCoversSilos(m);
        SiloReachesRedisWithPasswordFromSecret(m, bundledRedis);
        if (bundledRedis) RedisIsDurableAndPasswordProtected(m);
        NoPlaintextSecrets(m, generatedSecrets);
    }

    public static void PodsAreHardened(Manifest m)
    {
        Assert.NotEmpty(m.Workloads);
        foreach (var w in m.Workloads)
        {
            var pod = w.PodSpec!;
            Assert.True(pod["securityContext"]?["seccompProfile"]?["type"]?.GetValue<string>() == "RuntimeDefault", $"{w}: pod seccompProfile is not RuntimeDefault");
            var podNonRoot = pod["securityContext"]?["runAsNonRoot"]?.GetValue<bool>() == true;
            foreach (var c in w.Containers())
            {
                var name = $"{w} container {c["name"]}";
                var sc = c["securityContext"];
                Assert.True(podNonRoot || sc?["runAsNonRoot"]?.GetValue<bool>() == true, $"{name}: may run as root (runAsNonRoot)");
                Assert.True(sc?["runAsUser"]?.GetValue<long>() is null or > 0, $"{name}: runAsUser 0");
                Assert.True(sc?["readOnlyRootFilesystem"]?.GetValue<bool>() == true, $"{name}: root filesystem is writable");
                Assert.True(sc?["allowPrivilegeEscalation"]?.GetValue<bool>() == false, $"{name}: allowPrivilegeEscalation is not false");
                var drop = sc?["capabilities"]?["drop"]?.AsArray().Select(x => x!.GetValue<string>()) ?? [];
                Assert.True(drop.Contains("ALL"), $"{name}: capabilities do not drop ALL");
                Assert.True(sc?["capabilities"]?["add"] is null, $"{name}: adds capabilities");
                Assert.True(sc?["privileged"]?.GetValue<bool>() != true, $"{name}: privileged");
                Assert.True(c["resources"]?["requests"] is not null, $"{name}: no resource requests");
                Assert.True(c["resources"]?["limits"]?["memory"] is not null, $"{name}: no memory limit");
            }
        }
    }

    public static void SiloProbesHitHealthzOnTheApiPort(Manifest m)
    {
        var silo = m.SiloContainer;
        var apiUrl = m.SiloEnvironment["Noken__Api__Urls"].Literal!;
        var apiPort = int.Parse(new Uri(apiUrl.Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port.ToString());
        var http = silo["ports"]!.AsArray().Single(p => p!["name"]?.GetValue<string>() == "http")!;
        Assert.Equal(apiPort, http["containerPort"]!.GetValue<int>());
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            var get = silo[probe]?["httpGet"];
            Assert.True(get is not null, $"silo has no {probe} over HTTP");
            Assert.Equal("/healthz", get!["path"]!.GetValue<string>());
            var port = get["port"]!;
            Assert.True(port.ToString() == "http" || port.ToString() == apiPort.ToString(), $"{probe} probes port {port}, not the API port");
        }
        // Model load and CUDA start-up take a while: the startup probe must give minutes, not seconds.
        var startup = silo["startupProbe"]!;
        var budget = startup["periodSeconds"]!.GetValue<int>() * startup["failureThreshold"]!.GetValue<int>();
        Assert.True(budget >= 300, $"the startup probe gives the silo {budget} s to start; model load needs minutes");
    }

    public static void GracePeriodExceedsShutdownTimeout(Manifest m)
    {
        var grace = m.Silo.PodSpec!["terminationGracePeriodSeconds"]?.GetValue<int>() ?? 30;
        var shutdown = TimeSpan.Parse(m.SiloEnvironment["Noken__Silo__ShutdownTimeout"].Literal!, System.Globalization.CultureInfo.InvariantCulture);
        var preStop = m.SiloContainer["lifecycle"]?["preStop"]?["sleep"]?["seconds"]?.GetValue<int>() ?? 0;
        Assert.True(grace > shutdown.TotalSeconds + preStop,
            $"terminationGracePeriodSeconds {grace} does not exceed ShutdownTimeout {shutdown.TotalSeconds} s + preStop {preStop} s");
    }

    public static void KubernetesHostingIsWired(Manifest m)
    {
        var env = m.SiloEnvironment;
        Assert.Equal("true", env["Noken__Silo__Kubernetes"].Literal);
        Assert.Equal("metadata.name", env["POD_NAME"].FieldPath);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"].FieldPath);
        Assert.Equal("status.podIP", env["POD_IP"].FieldPath);
        var labels = K8sObject.Strings(m.Silo.PodTemplate!["metadata"]!["labels"]);
        Assert.Equal(env["ORLEANS_SERVICE_ID"].Literal, labels["orleans/serviceId"]);
        Assert.Equal(env["ORLEANS_CLUSTER_ID"].Literal, labels["orleans/clusterId"]);
        Assert.False(string.IsNullOrEmpty(labels["orleans/serviceId"]));

        // The pod's ServiceAccount is bound to a Role that lets Orleans read, label and watch pods.
        var account = m.Silo.PodSpec!["serviceAccountName"]!.GetValue<string>();
        Assert.True(m.Silo.PodSpec["automountServiceAccountToken"]?.GetValue<bool>() == true, "the silo pod gets no API token: Orleans cannot watch pods");
        var binding = m.Single("RoleBinding", b => b.Json["subjects"]!.AsArray().Any(s => s!["kind"]!.GetValue<string>() == "ServiceAccount" && s["name"]!.GetValue<string>() == account));
        var role = m.Find("Role", binding.Json["roleRef"]!["name"]!.GetValue<string>());
        Assert.True(role is not null, $"{binding} refers to a Role that is not rendered");
        var verbs = role!.Json["rules"]!.AsArray()
            .Where(r => r!["resources"]!.AsArray().Any(x => x!.GetValue<string>() == "pods"))
            .SelectMany(r => r!["verbs"]!.AsArray().Select(v => v!.GetValue<string>())).ToHashSet();
        foreach (var verb in new[] { "get", "list", "watch", "patch" }) Assert.Contains(verb, verbs);
    }

    public static void NetworkPoliciesGuardSiloPortsAndRedis(Manifest m, bool bundledRedis)
    {
        var siloLabels = K8sObject.Strings(m.Silo.Json["spec"]!["selector"]!["matchLabels"]);
        var siloPolicy = m.Single("NetworkPolicy", p => Selects(p.Json["spec"]!["podSelector"], siloLabels));
        var rules = siloPolicy.Json["spec"]!["ingress"]!.AsArray().Select(r => r!.AsObject()).ToList();
        foreach (var port in new[] { 11111, 30000 })
        {
            var admitting = rules.Where(r => Ports(r).Contains(port)).ToList();
            Assert.True(admitting.Count > 0, $"{siloPolicy}: port {port} is closed to the silos themselves");
            foreach (var r in admitting)
            {
                var from = r["from"]?.AsArray();
                Assert.True(from is { Count: > 0 } && from.All(p => p!["namespaceSelector"] is null && Selects(p["podSelector"], siloLabels)),
                    $"{siloPolicy}: port {port} is open to more than the silo pods");
            }
        }
        Assert.True(rules.All(r => Ports(r).Count > 0), $"{siloPolicy}: a rule opens every port");
        if (!bundledRedis) return;
        var redisLabels = K8sObject.Strings(m.Redis!.Json["spec"]!["selector"]!["matchLabels"]);
        var redisPolicy = m.Single("NetworkPolicy", p => Selects(p.Json["spec"]!["podSelector"], redisLabels));
        foreach (var r in redisPolicy.Json["spec"]!["ingress"]!.AsArray())
        {
            var from = r!["from"]?.AsArray();
            Assert.True(from is { Count: > 0 } && from.All(p => p!["namespaceSelector"] is null && Selects(p["podSelector"], siloLabels)),
                $"{redisPolicy}: Redis is open to more than the silo pods");
        }
    }

    public static void DisruptionBudgetCoversSilos(Manifest m)
    {
        var siloLabels = K8sObject.Strings(m.Silo.PodTemplate!["metadata"]!["labels"]);
        var pdb = m.Single("PodDisruptionBudget", p => Selects(p.Json["spec"]!["selector"], siloLabels));
        Assert.True(pdb.Json["spec"]!["maxUnavailable"] is not null || pdb.Json["spec"]!["minAvailable"] is not null, $"{pdb} limits nothing");
        // Rolling upgrades take one silo at a time too, so campaigns keep going.
        var rolling = m.Silo.Json["spec"]!["strategy"]!["rollingUpdate"];
        Assert.True(rolling?["maxUnavailable"] is not null, "the silo rollout does not bound maxUnavailable");
    }

    public static void SiloReachesRedisWithPasswordFromSecret(Manifest m, bool passwordExpected)
    {
        var env = m.SiloEnvironment;
        var redis = env["Noken__Silo__Redis"].Literal!;
        Assert.DoesNotMatch(PasswordLiteral(), redis); // only password=$(REDIS_PASSWORD)
        if (!passwordExpected) return;
        Assert.Contains("password=$(REDIS_PASSWORD)", redis);
        Assert.True(env["REDIS_PASSWORD"].SecretName is not null, "REDIS_PASSWORD does not come from a Secret");
        // $(VAR) only expands from variables defined before it in env.
        var names = m.SiloContainer["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ToList();
        Assert.True(names.IndexOf("REDIS_PASSWORD") < names.IndexOf("Noken__Silo__Redis"), "REDIS_PASSWORD is defined after the Redis string that uses it");
    }

    public static void RedisIsDurableAndPasswordProtected(Manifest m)
    {
        var redis = m.Redis!;
        var container = redis.Containers(includeInit: false).Single();
        var config = redis.PodSpec!["volumes"]!.AsArray().Select(v => v!["configMap"]?["name"]?.GetValue<string>()).Single(n => n is not null)!;
        var conf = K8sObject.Strings(m.Find("ConfigMap", config)!.Json["data"])["redis.conf"];
        var lines = conf.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("appendonly yes", lines);
        Assert.Contains("maxmemory-policy noeviction", lines);
        Assert.Contains(lines, l => l.StartsWith("appendfsync ", StringComparison.Ordinal) && l != "appendfsync no");
        var dataMount = container["volumeMounts"]!.AsArray().Single(v => v!["mountPath"]!.GetValue<string>() == "/data")!;
        Assert.Contains(redis.Json["spec"]!["volumeClaimTemplates"]!.AsArray(), t => t!["metadata"]!["name"]!.GetValue<string>() == dataMount["name"]!.GetValue<string>());
        var args = string.Join(' ', (container["args"]?.AsArray() ?? []).Select(a => a!.GetValue<string>()));
        Assert.Contains("--requirepass $(REDIS_PASSWORD)", args);
        Assert.True(m.Environment(container)["REDIS_PASSWORD"].SecretName is not null, "Redis' password does not come from a Secret");
    }

    /// <summary>Secrets come from Secrets: no credential-looking variable has a literal value, no ConfigMap holds a
    /// key or password, and the only Secret objects are the ones the chart generates (random, kept by lookup).</summary>
    public static void NoPlaintextSecrets(Manifest m, params string[] generatedSecrets)
    {
        foreach (var w in m.Workloads)
            foreach (var c in w.Containers())
                foreach (var (name, value) in m.Environment(c))
                {
                    if (value.Origin == "env" && SecretLikeName().IsMatch(name))
                        Assert.True(value.Literal is null, $"{w}: {name} has a literal value; it must come from a Secret");
                    if (value.Literal is not null)
                        Assert.DoesNotMatch(SecretLikeValue(), value.Literal);
                }
        foreach (var cm in m.OfKind("ConfigMap"))
            foreach (var (_, v) in K8sObject.Strings(cm.Json["data"]))
                Assert.False(SecretLikeValue().IsMatch(v) && !v.TrimStart().StartsWith('{'), $"{cm} holds a credential");
        var secrets = m.OfKind("Secret").Select(s => s.Name).ToList();
        Assert.True(secrets.All(generatedSecrets.Contains), $"unexpected Secret objects {string.Join(", ", secrets.Except(generatedSecrets))}: credentials must be pre-created Secrets");
    }

    public static int? GpuLimit(Manifest m, string resource = "nvidia.com/gpu") =>
        m.SiloContainer["resources"]?["limits"]?[resource]?.GetValue<int>();

    private static bool Selects(JsonNode? selector, IReadOnlyDictionary<string, string> podLabels)
    {
        var match = K8sObject.Strings(selector?["matchLabels"]);
        return match.Count > 0 && match.All(kv => podLabels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    private static List<int> Ports(JsonObject rule) =>
        (rule["ports"]?.AsArray() ?? []).Select(p => int.Parse(p!["port"]!.ToString())).ToList();

    [GeneratedRegex("(TOKEN|PASSWORD|CONNECTIONSTRING|SECRET|APIKEY|_KEY$|HEADERS|AUTH)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();

    [GeneratedRegex(@"(AccountKey=|SharedAccessSignature=|sig=|password=(?!\$\())", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeValue();

    [GeneratedRegex(@"password=(?!\$\(REDIS_PASSWORD\))")]
    private static partial Regex PasswordLiteral();
}
