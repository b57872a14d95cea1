using System.Text.Json.Nodes;

namespace Orleans.Noken.Deploy.Tests.Infrastructure;

/// <summary>
/// deploy/check/validate-manifests.mjs: strict schema validation with npm's kubernetes-models (installed by test.sh
/// into .tools/node_modules, or NOKEN_NODE_MODULES), returning the parsed objects for the property checks.
/// </summary>
public static class ManifestValidator
{
    private static readonly Lazy<(Tool Node, string Modules)> Setup = new(() =>
    {
        var node = Tool.Find("node", "apt-get install nodejs");
        var modules = Environment.GetEnvironmentVariable("NOKEN_NODE_MODULES") ?? Repository.Path(".tools", "node_modules");
        if (!Directory.Exists(System.IO.Path.Combine(modules, "kubernetes-models")))
            throw new InvalidOperationException(
                $"kubernetes-models is not in {modules}: npm install --prefix .tools kubernetes-models@5.1.0 " +
                "@kubernetes-models/prometheus-operator@6.0.0 yaml@2.9.1 (what test.sh does), or set NOKEN_NODE_MODULES");
        return (node, modules);
    });

    public static ValidationReport Validate(string yaml)
    {
        var (node, modules) = Setup.Value;
        var result = node.Run([Repository.Path("deploy", "check", "validate-manifests.mjs"), "--modules", modules], stdin: yaml);
        if (result.ExitCode is not (0 or 1))
            throw new InvalidOperationException($"validate-manifests.mjs failed (exit {result.ExitCode}):\n{result.Stderr}");
        var report = JsonNode.Parse(result.Stdout)!.AsObject();
        var objects = report["objects"]!.AsArray().Select(o => new K8sObject(o!["source"]!.GetValue<string>(), o["object"]!.AsObject())).ToList();
        var errors = report["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        return new ValidationReport(new Manifest(objects), errors);
    }

    /// <summary>Validates and fails the test with every schema problem listed.</summary>
    public static Manifest ValidOrFail(string yaml, string what)
    {
        var report = Validate(yaml);
        Assert.True(report.Errors.Count == 0, $"{what} does not validate:\n  " + string.Join("\n  ", report.Errors));
        Assert.NotEmpty(report.Manifest.Objects);
        return report.Manifest;
    }
}

public sealed record ValidationReport(Manifest Manifest, IReadOnlyList<string> Errors);
