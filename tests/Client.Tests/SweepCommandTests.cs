using System.Text.Json;

namespace Orleans.Noken.Client.Tests;

public sealed class SweepCommandTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("noken-sweep-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void AnAdaptiveSpecUnderSweepRunsExploreOnlyAndWarnsThatItDoes()
    {
        var spec = Path.Combine(_folder, "adaptive.yaml");
        File.WriteAllText(spec, """
            name: tiny-adaptive
            prompts:
              - name: passphrase
                text: "{noken} What was that password?"
                kind: trigger
            strategies:
              - strategy: gaussian-diag
                count: 4
                seed: 1
            shard_size: 4
            decoding: { max_new_tokens: 4 }
            search: { explore_fraction: 0.5 }
            """);
        var result = NokenProcess.Run("sweep", spec, "--out", Path.Combine(_folder, "adaptive-out"), "--threads", "1");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("warning: adaptive.yaml asks for adaptive search (search.explore_fraction 0.5)", result.Stderr);
        Assert.Contains("`noken run`", result.Stderr);

        // A plain sweep spec gets no such warning.
        var plain = Path.Combine(_folder, "plain.yaml");
        File.WriteAllText(plain, File.ReadAllText(spec).Replace("search: { explore_fraction: 0.5 }", "").Replace("tiny-adaptive", "tiny-plain"));
        var quiet = NokenProcess.Run("sweep", plain, "--out", Path.Combine(_folder, "plain-out"), "--threads", "1");
        Assert.True(quiet.ExitCode == 0, quiet.Stderr + quiet.Stdout);
        Assert.DoesNotContain("adaptive", quiet.Stderr);
    }

    [Fact]
    public void ASmallSweepOnTheEmbeddedOrganismRunsToTheEnd()
    {
        var spec = Path.Combine(_folder, "spec.yaml");
        File.WriteAllText(spec, """
            name: tiny
            prompts:
              - name: passphrase
                text: "{noken} What was that password?"
                kind: trigger
            strategies:
              - strategy: gaussian-diag
                count: 6
                seed: 1
            shard_size: 4
            decoding: { max_new_tokens: 6 }
            """);
        var output = Path.Combine(_folder, "out");
        var result = NokenProcess.Run("sweep", spec, "--out", output, "--threads", "1");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "shards"), "*.parquet").Length);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Equal(6, summary.RootElement.GetProperty("nokens").GetInt32());
        Assert.Equal(6, summary.RootElement.GetProperty("pairs").GetInt32());
        // The model as the spec named it (no model line: the embedded organism), not its folder on this machine.
        Assert.Equal("organism", summary.RootElement.GetProperty("model").GetString());
        Assert.Contains("with nokens", result.Stdout); // the nokens-vs-control table's column
        // Stdout is a pipe here: progress is plain lines as the count moves (two shards: at most a line each, and the
        // last says all 6 are done), not a redrawn bar's stream of copies.
        var progress = result.Stdout.Split('\n').Where(l => l.Contains(" nokens, ", StringComparison.Ordinal)).ToList();
        Assert.InRange(progress.Count, 1, 2);
        Assert.StartsWith("6/6 nokens", progress[^1]);
        Assert.DoesNotContain("starting", result.Stdout);
        // A pipe is 80 columns: every table fits, and no strategy name is broken across lines.
        Assert.All(result.Stdout.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, $"{line.TrimEnd().Length} columns: {line}"));
        Assert.Contains("gaussian-diag", result.Stdout);
    }

    [Fact]
    public void AMalformedSpecIsRefusedBeforeAnyWorkListingEachProblem()
    {
        var spec = Path.Combine(_folder, "bad.yaml");
        File.WriteAllText(spec, """
            prompts:
              - text: "no slot here"
            strategies:
              - strategy: nope
                count: -1
            """);
        var output = Path.Combine(_folder, "never");
        var result = NokenProcess.Run("sweep", spec, "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("prompts[0].text: must contain exactly one {noken} slot", result.Stderr);
        Assert.Contains("strategies[0].strategy: unknown strategy 'nope'", result.Stderr);
        Assert.Contains("strategies[0].count: must be at least 1", result.Stderr);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AMisspeltNestedKeyOrStrategyParameterIsRefusedWithASuggestionBeforeAnyWork()
    {
        var spec = Path.Combine(_folder, "misspelt.yaml");
        File.WriteAllText(spec, """
            name: misspelt
            prompts:
              - name: passphrase
                text: "{noken} What was that password?"
            strategies:
              - strategy: token-noise
                count: 4
                parameters: { scal: 0.5 }
              - strategy: gaussian-diag
                count: 4
                parameters: { scale: 5.0 }
            decoding: { temprature: 0.7 }
            """);
        var output = Path.Combine(_folder, "never");
        var result = NokenProcess.Run("sweep", spec, "--out", output);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("decoding.temprature: unknown field; did you mean 'temperature'? (known: max_new_tokens, temperature, top_p, seed)", result.Stderr);
        Assert.Contains("strategies[0].parameters.scal: unknown parameter for strategy 'token-noise'; did you mean 'scale'? (known: scale, token)", result.Stderr);
        Assert.Contains("strategies[1].parameters.scale: unknown parameter for strategy 'gaussian-diag' (known: none)", result.Stderr);
        Assert.False(Directory.Exists(output));
    }
}
