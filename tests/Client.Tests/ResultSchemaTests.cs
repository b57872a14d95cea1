using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Noken.Client.Tests.Cluster.EndToEnd;
using Orleans.Noken.Engine.Campaigns;
using Parquet;

namespace Orleans.Noken.Client.Tests;

/// <summary>
/// One result schema whichever path ran the campaign (docs/results-schema.md): the real binary's <c>noken sweep</c>
/// (in this process) and <c>noken run</c> (the in-process silo: the cluster's coordinator, worker and store) of one
/// spec write the same files with the same rows, and name the model as the spec did, with its hash, never by a path.
/// </summary>
public sealed class ResultSchemaTests : IDisposable
{
    const int PerStrategy = 6, Distances = 2;
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    static readonly Dictionary<string, string> OneThread = new() { ["NOKEN_TORCH_THREADS"] = "1" };
    readonly string _folder = Directory.CreateTempSubdirectory("noken-schema-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    // Two strategies of 6 in shards of 4 (4 + 4 + 2 + 2: the last shard of each strategy is short), two distances,
    // two prompts; a target, so the target log-prob column holds numbers as well as NaN.
    static string Spec() => EndToEndSpecs.Tiny("schema", perStrategy: PerStrategy)
        .Replace("shard_size: 50", "shard_size: 4")
        .Replace("decoding: {max_new_tokens: 4}", "decoding: {max_new_tokens: 4}\ndistances: [0, 3]");

    [Fact]
    public async Task ASweepAndARunOfOneSpecWriteTheSameFilesAndRowsAndNameTheModelWithoutAPath()
    {
        var spec = EndToEndSpecs.Write(_folder, "schema.yaml", Spec());
        string swept = Path.Combine(_folder, "swept"), ran = Path.Combine(_folder, "ran");
        var sweep = NokenProcess.RunWith(OneThread, Timeout, "sweep", spec, "--out", swept);
        Assert.True(sweep.ExitCode == 0, sweep.ToString());
        var run = NokenProcess.RunWith(OneThread, Timeout, "run", spec, "--out", ran);
        Assert.True(run.ExitCode == 0, run.ToString());

        // The same shard files under the same names, holding the same rows, column for column.
        var names = ShardFiles(swept);
        Assert.Equal(["000000000-gaussian-diag", "000000001-random-direction", "000000002-gaussian-diag", "000000003-random-direction"], names);
        Assert.Equal(names, ShardFiles(ran));
        foreach (var name in names)
            Assert.Equal(await RowsAsJson(swept, name), await RowsAsJson(ran, name));
        // Their summaries too, apart from the compute time.
        foreach (var name in names)
            Assert.Equal(WithoutTimings(Path.Combine(swept, "shards", name + ".summary.json")), WithoutTimings(Path.Combine(ran, "shards", name + ".summary.json")));

        var rows = await ParquetRows.ReadAllAsync(ran);
        Assert.Equal(2 * PerStrategy * EndToEndSpecs.Prompts * Distances, rows.Count);
        Assert.Equal("000000002-gaussian-diag/4", rows.First(r => r.Strategy == "gaussian-diag" && r.Index == 4).NokenId);
        // What DuckDB's GROUP BY Prompt sees: one group per prompt of the spec, each with every noken at every distance.
        var byPrompt = rows.GroupBy(r => r.Prompt).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["capital", "passphrase"], byPrompt.Keys.Order(StringComparer.Ordinal));
        Assert.All(byPrompt.Values, count => Assert.Equal(2 * PerStrategy * Distances, count));
        Assert.Equal([0, 3], rows.Select(r => r.Distance).Distinct().Order());
        foreach (var prompt in rows.GroupBy(r => r.Prompt))
        {
            var at = prompt.GroupBy(r => r.Distance).ToDictionary(g => g.Key, g => g.Select(r => r.TokensAfter).Distinct().Single());
            Assert.Equal(at[0] + 3, at[3]);
            Assert.Single(prompt.Select(r => r.Position).Distinct()); // the filler goes after the noken
        }

        // The model: the spec's name and the checkpoint's hash, in the rows, the files' metadata and summary.json.
        var hash = rows[0].ModelHash;
        Assert.Matches("^sha256:[0-9a-f]{64}$", hash);
        Assert.All(rows, r => Assert.Equal(("organism", hash), (r.Model, r.ModelHash)));
        foreach (var folder in new[] { swept, ran })
        {
            await using (var file = File.OpenRead(Path.Combine(folder, "shards", names[0] + ".parquet")))
            await using (var reader = await ParquetReader.CreateAsync(file))
            {
                Assert.Equal("organism", reader.CustomMetadata[ShardFileMetadata.ModelKey]);
                Assert.Equal(hash, reader.CustomMetadata[ShardFileMetadata.ModelHashKey]);
                Assert.Equal(ShardFileMetadata.SchemaVersion, reader.CustomMetadata[ShardFileMetadata.SchemaKey]);
            }
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")))!;
            Assert.Equal("organism", (string?)summary["model"]);
            Assert.Equal(hash, (string?)summary["modelHash"]);
            foreach (var written in new[] { "summary.json", "spec.json" })
                Assert.Empty(AbsolutePaths(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, written)))));
        }
        Assert.Equal(WithoutTimings(Path.Combine(swept, "summary.json")), WithoutTimings(Path.Combine(ran, "summary.json")));
    }

    static List<string> ShardFiles(string folder) =>
        [.. Directory.GetFiles(Path.Combine(folder, "shards"), "*.parquet").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    static readonly JsonSerializerOptions RowJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    static async Task<List<string>> RowsAsJson(string folder, string shard)
    {
        await using var stream = File.OpenRead(Path.Combine(folder, "shards", shard + ".parquet"));
        var rows = (await Parquet.Serialization.ParquetSerializer.DeserializeAsync<NokenRow>(stream)).Data;
        return [.. rows.Select(r => JsonSerializer.Serialize(r, RowJson))];
    }

    /// <summary>A JSON file's text with every <c>seconds</c> field removed: the one thing two runs may differ in.</summary>
    static string WithoutTimings(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        Strip(node);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                o.Remove("seconds");
                foreach (var (_, child) in o) Strip(child);
            }
            else if (node is JsonArray a) foreach (var child in a) Strip(child);
        }
    }

    /// <summary>Every string in the document that is a rooted path or names this machine's folders.</summary>
    static List<string> AbsolutePaths(JsonNode? node)
    {
        var found = new List<string>();
        Walk(node);
        return found;

        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o: foreach (var (_, child) in o) Walk(child); break;
                case JsonArray a: foreach (var child in a) Walk(child); break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    if (Path.IsPathRooted(s) || s.Contains("/tmp/", StringComparison.Ordinal) || s.Contains(AppContext.BaseDirectory.TrimEnd('/'), StringComparison.Ordinal))
                        found.Add(s);
                    break;
            }
        }
    }
}
