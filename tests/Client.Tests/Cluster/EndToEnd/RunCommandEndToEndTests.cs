namespace Orleans.Noken.Client.Tests.Cluster.EndToEnd;

/// <summary><c>noken run SPEC --out DIR</c>: a campaign on an in-process silo, run twice into the same folder.</summary>
public sealed class RunCommandEndToEndTests : IDisposable
{
    const int Nokens = 100; // two shards
    readonly string _folder = Directory.CreateTempSubdirectory("noken-run-e2e-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task ASecondRunIntoTheSameFolderFindsTheCampaignCompletedAndPrintsTheSameTotals()
    {
        var spec = EndToEndSpecs.Write(_folder, "run.yaml", EndToEndSpecs.Tiny("e2e-run", perStrategy: Nokens / 2));
        var output = Path.Combine(_folder, "out");
        var environment = new Dictionary<string, string> { ["NOKEN_TORCH_THREADS"] = "1" };

        var first = NokenProcess.RunWith(environment, ClusterSilo.CommandTimeout, "run", spec, "--out", output);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"e2e-run: {Nokens} nokens × {EndToEndSpecs.Prompts} prompt(s), sweep, on", Flatten(first.Stdout));
        Assert.DoesNotContain("resuming", first.Stdout);
        // The silo's own log lines are not the campaign's output: none of them on stdout.
        Assert.DoesNotMatch(@"(?m)^(trce|dbug|info|warn|fail|crit): ", first.Stdout);
        var shardFiles = Directory.GetFiles(Path.Combine(output, "shards"), "*.parquet");
        Assert.Equal(Nokens / 50, shardFiles.Length);
        var written = shardFiles.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var second = NokenProcess.RunWith(environment, ClusterSilo.CommandTimeout, "run", spec, "--out", output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"(resuming at {Nokens})", Flatten(second.Stdout));
        Assert.DoesNotMatch(@"(?m)^(trce|dbug|info|warn|fail|crit): ", second.Stdout);
        Assert.Equal(Totals(first.Stdout), Totals(second.Stdout));
        // Nothing ran again: the shards are the first run's files, untouched.
        Assert.Equal(written, Directory.GetFiles(Path.Combine(output, "shards"), "*.parquet").ToDictionary(f => f, File.GetLastWriteTimeUtc));

        var rows = await ParquetRows.ReadAllAsync(output);
        Assert.Equal(Nokens * EndToEndSpecs.Prompts, rows.Count);
        Assert.Equal(Nokens, rows.Select(r => r.NokenId).Distinct().Count());
    }

    [Fact]
    public void ALocalRunMayNameAModelOutsideTheSpecsFolder()
    {
        // A cluster confines models to its models root; `noken run`'s in-process silo serves its one user, as `noken
        // sweep` does: the embedded organism by its absolute path, which is not under the spec's folder.
        var model = Path.Combine(AppContext.BaseDirectory, "models", "organism", "aligned");
        Assert.False(model.StartsWith(_folder, StringComparison.Ordinal));
        var spec = EndToEndSpecs.Write(_folder, "outside.yaml", EndToEndSpecs.Tiny("e2e-outside", perStrategy: 25, model: model));
        var run = NokenProcess.RunWith(new Dictionary<string, string> { ["NOKEN_TORCH_THREADS"] = "1" }, ClusterSilo.CommandTimeout,
            "run", spec, "--out", Path.Combine(_folder, "outside"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("results: ", run.Stdout);
    }

    /// <summary>The summary tables and the results line: everything after the progress.</summary>
    static string Totals(string stdout)
    {
        int start = stdout.IndexOf("behaviour per strategy", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no totals in:\n{stdout}");
        var totals = stdout[start..];
        Assert.Contains("with nokens", totals);
        Assert.Contains("results: ", totals);
        return totals;
    }

    /// <summary>Spectre wraps lines at the console width (80 when redirected); the words are what count.</summary>
    static string Flatten(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
