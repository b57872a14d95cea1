namespace Orleans.Noken.Deploy.Tests.Infrastructure;

/// <summary>
/// Renders the chart with tools/helm-render, built once per test run from source with Debian's golang-go and
/// golang-github-masterminds-sprig-dev in GOPATH mode (offline; test.sh installs both). This is our renderer, not
/// helm: it implements the template surface the chart uses, so a chart that renders here is not proven to render
/// under helm, but every object it produces is validated and checked.
/// </summary>
public static class HelmRenderer
{
    private const string GoPath = "/usr/share/gocode";

    private static readonly Lazy<Tool> Binary = new(() =>
    {
        var go = Tool.Find("go", "apt-get install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev golang-gopkg-yaml.v3-dev");
        if (!Directory.Exists(System.IO.Path.Combine(GoPath, "src", "github.com", "Masterminds", "sprig")))
            throw new InvalidOperationException($"sprig is not in {GoPath}: apt-get install golang-github-masterminds-sprig-dev");
        var output = System.IO.Path.Combine(AppContext.BaseDirectory, "helm-render");
        go.Run(["build", "-o", output, "."],
                // GOCACHE in the repository's .tools/: kept between runs, and no need for a HOME.
                environment: new Dictionary<string, string>
                {
                    ["GO111MODULE"] = "off", ["GOPATH"] = GoPath, ["GOFLAGS"] = "", ["CGO_ENABLED"] = "0",
                    ["GOCACHE"] = Repository.Path(".tools", "go-build-cache"),
                },
                workingDirectory: Repository.Path("tools", "helm-render"), timeout: TimeSpan.FromMinutes(5))
            .Succeeded("go build tools/helm-render");
        return new Tool(output);
    });

    /// <summary>The rendered YAML; throws with helm-render's message when the chart refuses the values.</summary>
    public static string Render(params string[] arguments) => RenderChart(Repository.Chart, arguments);

    public static string RenderChart(string chartDirectory, params string[] arguments) =>
        Run(chartDirectory, arguments).Succeeded("helm-render " + string.Join(' ', arguments)).Stdout;

    public static ToolResult Run(string chartDirectory, params string[] arguments) =>
        Binary.Value.Run(["--name", "noken", "--namespace", "noken", .. arguments, chartDirectory]);
}
