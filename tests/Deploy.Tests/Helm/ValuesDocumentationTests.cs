using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Noken.Deploy.Tests.Infrastructure;

namespace Orleans.Noken.Deploy.Tests.Helm;

/// <summary>Every value in values.yaml is documented with a readme-generator `## @param path description` line
/// (a documented map covers its keys), and no @param names a value that does not exist.</summary>
public sealed partial class ValuesDocumentationTests
{
    [Fact]
    public void EveryValueHasAParamLineAndEveryParamLineAValue()
    {
        var values = JsonNode.Parse(HelmRenderer.Render("--print-values"))!.AsObject();
        var documented = ParamLine().Matches(File.ReadAllText(Path.Combine(Repository.Chart, "values.yaml")))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        Assert.All(documented, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), $"@param {kv.Key} has no description"));

        var leaves = new List<string>();
        Leaves(values, "", leaves);
        var undocumented = leaves.Where(path => !Prefixes(path).Any(documented.ContainsKey)).ToList();
        Assert.True(undocumented.Count == 0, "values without a ## @param line: " + string.Join(", ", undocumented));

        var paths = new HashSet<string>();
        AllPaths(values, "", paths);
        var stale = documented.Keys.Where(k => !paths.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "## @param lines naming no value: " + string.Join(", ", stale));
    }

    [Fact]
    public void TheChartReadmeListsEveryParameter()
    {
        var values = File.ReadAllText(Path.Combine(Repository.Chart, "values.yaml"));
        var readme = File.ReadAllText(Path.Combine(Repository.Chart, "README.md"));
        var missing = ParamLine().Matches(values).Select(m => m.Groups[1].Value).Where(p => !readme.Contains($"| `{p}` |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "deploy/helm/orleans-noken/README.md lacks: " + string.Join(", ", missing));
    }

    private static IEnumerable<string> Prefixes(string path)
    {
        for (var i = path.Length; i > 0; i = path.LastIndexOf('.', i - 1))
            yield return path[..i];
    }

    private static void Leaves(JsonObject node, string prefix, List<string> leaves)
    {
        foreach (var (key, value) in node)
        {
            var path = prefix + key;
            if (value is JsonObject o && o.Count > 0) Leaves(o, path + ".", leaves);
            else leaves.Add(path);
        }
    }

    private static void AllPaths(JsonObject node, string prefix, HashSet<string> paths)
    {
        foreach (var (key, value) in node)
        {
            paths.Add(prefix + key);
            if (value is JsonObject o) AllPaths(o, prefix + key + ".", paths);
        }
    }

    [GeneratedRegex(@"^\s*## @param ([A-Za-z0-9_.]+) (.*)$", RegexOptions.Multiline)]
    private static partial Regex ParamLine();
}
