namespace Orleans.Noken.Deploy.Tests.Infrastructure;

/// <summary>`kubectl kustomize` (kubectl ships kustomize and renders offline; the machine image has kubectl).</summary>
public static class Kustomize
{
    private static readonly Lazy<Tool> Kubectl = new(() => Tool.Find("kubectl", "kubectl ≥ 1.27, which bundles kustomize; the CI machine image has it"));

    public static IReadOnlyList<string> Overlays =>
        Directory.GetDirectories(Repository.Path("deploy", "k8s", "overlays")).Select(Path.GetFileName).Order().ToList()!;

    public static string Render(string overlay) =>
        Kubectl.Value.Run(["kustomize", Repository.Path("deploy", "k8s", "overlays", overlay)]).Succeeded($"kubectl kustomize overlays/{overlay}").Stdout;
}
