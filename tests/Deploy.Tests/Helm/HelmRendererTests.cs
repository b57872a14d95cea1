using Orleans.Noken.Deploy.Tests.Infrastructure;

namespace Orleans.Noken.Deploy.Tests.Helm;

/// <summary>
/// tools/helm-render against a fixture chart, for the parts of Helm's behaviour the chart relies on: values typed as
/// Helm types them (numbers from YAML are float64, from --set int64), -f and --set precedence, Helm's list and null
/// semantics, include/tpl/required/lookup, the built-in objects, .Files, and no env function.
/// </summary>
public sealed class HelmRendererTests
{
    private static readonly string Chart = Path.Combine(AppContext.BaseDirectory, "Fixtures", "renderer-chart");

    private static IReadOnlyDictionary<string, string> Data(params string[] args)
    {
        var m = ManifestValidator.ValidOrFail(HelmRenderer.RenderChart(Chart, ["--name", "rel", "--namespace", "ns", .. args]), "the fixture chart");
        var configMap = Assert.Single(m.Objects); // the {{ if false }} document is dropped
        Assert.Equal("fixture/templates/out.yaml", configMap.Source);
        return K8sObject.Strings(configMap.Json["data"]);
    }

    [Fact]
    public void ValuesAreTypedAsHelmTypesThem()
    {
        var data = Data("--set", "setInt=5");
        Assert.Equal("3", data["replicas"]);
        Assert.Equal("1e+06", data["big"]); // Helm's float64 for YAML numbers: the chart must quote large ones
        Assert.Equal("int64", data["setKind"]);
        Assert.Equal("string", Data("--set-string", "setInt=5")["setKind"]);
        Assert.Equal("", data["missing"]);
    }

    [Fact]
    public void SetWinsOverValueFilesAndReplacesListsAndNullDeletes()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "name: from-file\nnested: {keep: file}\n");
            Assert.Equal("from-file", Data("-f", file)["name"]);
            var data = Data("-f", file, "--set", "name=from-set", "--set", "list[1]=z", "--set", "nested.drop=null");
            Assert.Equal("from-set", data["name"]);
            Assert.Equal("[null,\"z\"]", data["list"]);
            Assert.Equal("{\"keep\":\"file\"}", data["nested"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void BuiltInObjectsAndHelmFunctionsWork()
    {
        var data = Data();
        Assert.Equal("hi you", data["include"]);
        Assert.Equal("rel-tpl", data["tpl"]);
        Assert.Equal("fixture 1.2.3 4.5", data["chart"]);
        Assert.Equal("rel ns Helm true false 1", data["release"]);
        Assert.Equal("fixture/templates/out.yaml fixture/templates", data["template"]);
        Assert.Equal("v1.32.0 32", data["kube"]);
        Assert.Equal("false", data["monitoring"]);
        Assert.Equal("{}", data["lookup"]); // a fresh install: the cluster has nothing
        Assert.Equal("2", data["fromYaml"]);
        Assert.Equal("hello\n", data["fileGet"]);
        Assert.Equal("files/a.txt;files/b.txt;", data["globNames"]); // sorted, as ranging over a map is
        Assert.Equal("a.txt: |\n  hello\nb.txt: world", data["asConfig"]);

        var upgrade = Data("--upgrade", "--revision", "7", "--kube-version", "v1.31", "--api-versions", "monitoring.coreos.com/v1");
        Assert.Equal("rel ns Helm false true 7", upgrade["release"]);
        Assert.Equal("v1.31.0 31", upgrade["kube"]);
        Assert.Equal("true", upgrade["monitoring"]);
    }

    [Fact]
    public void RequiredFailsTheWholeRenderingWithItsMessage()
    {
        var result = HelmRenderer.Run(Chart, "--set", "failMe=true");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("failMe needs a reason", result.Stderr);
        Assert.Equal("", result.Stdout); // like helm: nothing rendered when any template fails
        Assert.Equal("Installed noken.\n", HelmRenderer.RenderChart(Chart, "--notes"));
    }

    [Fact]
    public void TheRendererIsGofmtClean()
    {
        var gofmt = Tool.Find("gofmt", "apt-get install golang-go");
        var result = gofmt.Run(["-l", Repository.Path("tools", "helm-render")]).Succeeded("gofmt -l tools/helm-render");
        Assert.True(result.Stdout.Trim() == "", "not gofmt-formatted: " + result.Stdout);
    }

    [Fact]
    public void AChartCannotReadTheRenderersEnvironment()
    {
        var copy = Path.Combine(Path.GetTempPath(), "noken-env-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            foreach (var file in Directory.EnumerateFiles(Chart, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(Chart, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            File.WriteAllText(Path.Combine(copy, "templates", "env.yaml"), "home: {{ env \"HOME\" }}\n");
            var result = HelmRenderer.Run(copy);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("function \"env\" not defined", result.Stderr);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
