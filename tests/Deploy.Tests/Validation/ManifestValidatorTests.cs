using Orleans.Noken.Deploy.Tests.Infrastructure;

namespace Orleans.Noken.Deploy.Tests.Validation;

/// <summary>The validator every other test leans on must reject what the API server would reject or silently drop.</summary>
public sealed class ManifestValidatorTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: demo
          labels: {any-label: x, example.com/also: y}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: demo}
          template:
            metadata:
              labels: {app: demo}
            spec:
              containers:
                - name: demo
                  image: demo:1
                  imagePullPolicy: IfNotPresent
                  resources:
                    limits: {nvidia.com/gpu: 1, memory: 1Gi}
        """;

    [Fact]
    public void AValidManifestPassesWithArbitraryMapKeys()
    {
        var report = ManifestValidator.Validate(Deployment + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {anything: goes, Noken__Silo__X: y}\n");
        Assert.Empty(report.Errors);
        Assert.Equal(["Deployment", "ConfigMap"], report.Manifest.Objects.Select(o => o.Kind));
    }

    [Fact]
    public void AMisspelledFieldFailsValidation()
    {
        var report = ManifestValidator.Validate(Deployment.Replace("imagePullPolicy:", "imagePullPolicyy:"));
        var error = Assert.Single(report.Errors);
        Assert.Contains("unknown field /spec/template/spec/containers/0/imagePullPolicyy", error);
    }

    [Fact]
    public void AnUnknownFieldDeepInsideAnObjectFailsValidation()
    {
        var report = ManifestValidator.Validate(Deployment.Replace("    matchLabels: {app: demo}", "    matchLabels: {app: demo}\n    matchLabel: {app: demo}"));
        Assert.Contains(report.Errors, e => e.Contains("unknown field /spec/selector/matchLabel", StringComparison.Ordinal));
    }

    [Fact]
    public void AFieldOfTheWrongTypeFailsValidation()
    {
        var report = ManifestValidator.Validate(Deployment.Replace("replicas: 2", "replicas: two"));
        Assert.Contains(report.Errors, e => e.Contains("/spec/replicas must be integer", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingRequiredFieldFailsValidation()
    {
        var report = ManifestValidator.Validate(Deployment.Replace("  selector:\n    matchLabels: {app: demo}\n", "", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("must have required property selector", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownFieldInAServiceMonitorFailsValidation()
    {
        var report = ManifestValidator.Validate("""
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: m}
            spec:
              selector: {matchLabels: {a: b}}
              endpoints:
                - port: http
                  pathh: /metrics
            """);
        Assert.Contains(report.Errors, e => e.Contains("unknown field /spec/endpoints/0/pathh", StringComparison.Ordinal));
    }

    [Fact]
    public void ALargeManifestComesBackWhole()
    {
        // Dashboards make ConfigMaps of tens of KB; a report cut at the 64 KiB pipe buffer once broke every chart test.
        var big = new string('x', 200_000);
        var report = ManifestValidator.Validate($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: big}}\ndata: {{blob: {big}}}\n");
        Assert.Empty(report.Errors);
        Assert.Equal(big, K8sObject.Strings(report.Manifest.Objects.Single().Json["data"])["blob"]);
    }

    [Fact]
    public void AKindWithoutASchemaFailsValidation()
    {
        var report = ManifestValidator.Validate("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
        Assert.Contains(report.Errors, e => e.Contains("no schema for example.com/v1 Widget", StringComparison.Ordinal));
    }

    [Fact]
    public void ADuplicateKeyOrObjectFailsValidation()
    {
        Assert.NotEmpty(ManifestValidator.Validate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: 1, k: 2}\n").Errors);
        var twice = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
        Assert.Contains(ManifestValidator.Validate(twice + "---\n" + twice).Errors, e => e.Contains("defined twice", StringComparison.Ordinal));
    }
}
