using System.Text.Json.Nodes;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>One PromQL expression of a dashboard, and where it sits (for a failing test's message).</summary>
public sealed record DashboardQuery(string Dashboard, string Where, string Expression, PromQlReferences References);

/// <summary>
/// A Grafana dashboard as committed under <c>deploy/grafana/</c>: plain dashboard JSON (what the sidecar reads from a
/// ConfigMap and what the import page takes), walked for its panels (rows' nested panels included) and every
/// PromQL expression it sends: panel targets, template variable queries, annotations.
/// </summary>
public sealed class GrafanaDashboard
{
    GrafanaDashboard(string path, JsonObject json)
    {
        Path = path;
        Json = json;
    }

    public string Path { get; }
    public JsonObject Json { get; }
    public string File => System.IO.Path.GetFileName(Path);
    public string Title => (string?)Json["title"] ?? "";

    public static string Folder => System.IO.Path.Combine(RepositoryRoot(), "deploy", "grafana");

    public static IReadOnlyList<GrafanaDashboard> LoadAll()
    {
        var files = Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new InvalidOperationException($"no dashboards in {Folder}");
        return files.Select(f => new GrafanaDashboard(f, JsonNode.Parse(System.IO.File.ReadAllText(f))!.AsObject())).ToList();
    }

    /// <summary>Every panel, a row's collapsed <c>panels</c> included; rows themselves are not panels here.</summary>
    public IEnumerable<JsonObject> Panels() => Walk(Json["panels"]?.AsArray());

    static IEnumerable<JsonObject> Walk(JsonArray? panels)
    {
        foreach (var panel in panels?.OfType<JsonObject>() ?? [])
        {
            if ((string?)panel["type"] == "row") { foreach (var p in Walk(panel["panels"]?.AsArray())) yield return p; }
            else yield return panel;
        }
    }

    public IEnumerable<JsonObject> Rows() => (Json["panels"]?.AsArray() ?? []).OfType<JsonObject>().Where(p => (string?)p["type"] == "row");

    public IEnumerable<JsonObject> Variables() => (Json["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>();

    public IEnumerable<DashboardQuery> Queries()
    {
        foreach (var panel in Panels())
            foreach (var target in (panel["targets"]?.AsArray() ?? []).OfType<JsonObject>())
                if ((string?)target["expr"] is { Length: > 0 } expr)
                    yield return Query($"panel '{panel["title"]}' (id {panel["id"]}) target {target["refId"]}", expr, PromQl.Read);
        foreach (var variable in Variables().Where(v => (string?)v["type"] == "query"))
        {
            // Grafana writes the query as a string (older) or as {query, qryType, refId} (the variable editor since 10).
            var query = variable["query"] is JsonObject q ? (string?)q["query"] : (string?)variable["query"];
            if (!string.IsNullOrWhiteSpace(query))
                yield return Query($"variable '{variable["name"]}'", query, PromQl.ReadVariableQuery);
        }
        foreach (var annotation in (Json["annotations"]?["list"]?.AsArray() ?? []).OfType<JsonObject>())
            if ((string?)annotation["expr"] is { Length: > 0 } expr)
                yield return Query($"annotation '{annotation["name"]}'", expr, PromQl.Read);
    }

    DashboardQuery Query(string where, string expression, Func<string, PromQlReferences> read)
    {
        try { return new(File, where, expression, read(expression)); }
        catch (FormatException e) { throw new FormatException($"{File} {where}: {e.Message}", e); }
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Orleans.Noken.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Orleans.Noken.sln above {AppContext.BaseDirectory}");
    }
}
