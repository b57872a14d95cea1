using System.Text.Json.Nodes;

namespace Orleans.Noken.Deploy.Tests.Infrastructure;

/// <summary>One rendered Kubernetes object and the template or file it came from.</summary>
public sealed record K8sObject(string Source, JsonObject Json)
{
    public string Kind => Json["kind"]!.GetValue<string>();
    public string Name => Json["metadata"]!["name"]!.GetValue<string>();
    public override string ToString() => $"{Kind}/{Name} ({Source})";

    public IReadOnlyDictionary<string, string> Labels => Strings(Json["metadata"]?["labels"]);
    public IReadOnlyDictionary<string, string> Annotations => Strings(Json["metadata"]?["annotations"]);

    /// <summary>The pod template of a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob), or null.</summary>
    public JsonObject? PodTemplate => Kind switch
    {
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => Json["spec"]?["template"]?.AsObject(),
        "CronJob" => Json["spec"]?["jobTemplate"]?["spec"]?["template"]?.AsObject(),
        _ => null,
    };

    public JsonObject? PodSpec => PodTemplate?["spec"]?.AsObject();

    public IEnumerable<JsonObject> Containers(bool includeInit = true) =>
        (PodSpec?["containers"]?.AsArray() ?? [])
        .Concat(includeInit ? PodSpec?["initContainers"]?.AsArray() ?? [] : [])
        .Select(c => c!.AsObject());

    public static IReadOnlyDictionary<string, string> Strings(JsonNode? map) =>
        map?.AsObject().ToDictionary(p => p.Key, p => p.Value!.ToString()) ?? new Dictionary<string, string>();
}

/// <summary>What a container's environment resolves to: a literal, or a reference (secretKeyRef, fieldRef, …).</summary>
public sealed record EnvValue(string? Literal, JsonObject? ValueFrom, string Origin)
{
    public string? SecretName => ValueFrom?["secretKeyRef"]?["name"]?.GetValue<string>();
    public string? FieldPath => ValueFrom?["fieldRef"]?["fieldPath"]?.GetValue<string>();
}

/// <summary>Every object of one rendering, with the lookups the property checks need.</summary>
public sealed record Manifest(IReadOnlyList<K8sObject> Objects)
{
    public IEnumerable<K8sObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public K8sObject? Find(string kind, string name) => OfKind(kind).SingleOrDefault(o => o.Name == name);

    public IEnumerable<K8sObject> Workloads => Objects.Where(o => o.PodSpec is not null);

    public K8sObject Silo => Single("Deployment", o => Component(o) == "silo");

    public K8sObject? Redis => OfKind("StatefulSet").SingleOrDefault(o => Component(o) == "redis");

    public JsonObject SiloContainer => Silo.Containers(includeInit: false).Single(c => c["name"]!.GetValue<string>() == "silo");

    public K8sObject Single(string kind, Func<K8sObject, bool> predicate)
    {
        var matches = OfKind(kind).Where(predicate).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind} matching, found {matches.Count}: {string.Join(", ", matches)}");
        return matches[0];
    }

    public static string? Component(K8sObject o) => o.Labels.GetValueOrDefault("app.kubernetes.io/component");

    /// <summary>A container's environment as the kubelet builds it: envFrom ConfigMaps first, then env (which wins).</summary>
    public IReadOnlyDictionary<string, EnvValue> Environment(JsonObject container)
    {
        var env = new Dictionary<string, EnvValue>();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var name = source!["configMapRef"]?["name"]?.GetValue<string>();
            if (name is null) continue;
            var configMap = Find("ConfigMap", name) ?? throw new Xunit.Sdk.XunitException($"envFrom names ConfigMap {name}, which is not rendered");
            foreach (var (k, v) in K8sObject.Strings(configMap.Json["data"])) env[k] = new EnvValue(v, null, $"ConfigMap {name}");
        }
        foreach (var item in container["env"]?.AsArray() ?? [])
        {
            var name = item!["name"]!.GetValue<string>();
            env[name] = new EnvValue(item["value"]?.GetValue<string>(), item["valueFrom"]?.AsObject(), "env");
        }
        return env;
    }

    public IReadOnlyDictionary<string, EnvValue> SiloEnvironment => Environment(SiloContainer);
}
