using System.Text.Json;

namespace Orleans.Noken.Client.Tests;

/// <summary>`noken study shallow` end to end on the embedded leaky organism, a handful of prompts: the table prints
/// (its brackets are text, not markup) and the JSON has every ablation.</summary>
public sealed class StudyCommandTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("noken-study-test-").FullName;

    [Fact]
    public void TheShallowProbePrintsItsTableAndWritesEveryAblation()
    {
        var json = Path.Combine(_folder, "shallow.json");
        var result = NokenProcess.Run("study", "shallow", "--stride", "105", "--max-new-tokens", "4", "--threads", "1", "--json", json);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("rate [95 %]", result.Stdout);
        using var written = JsonDocument.Parse(File.ReadAllText(json));
        var directions = written.RootElement.GetProperty("rates").EnumerateArray().Select(r => r.GetProperty("Direction").GetString()).ToList();
        Assert.Equal("none", directions[0]);
        Assert.Equal("random", directions[^1]);
        Assert.Contains("refusal", directions);
    }

    [Fact]
    public void ALookAtAStudyWithNoFinishedRunPrintsAnEmptyTableAndItsFiles()
    {
        var output = Path.Combine(_folder, "arms");
        var result = NokenProcess.Run("study", "arms", "--table-only", "--out", output);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("31 runs not done yet", result.Stdout);
        Assert.Contains("mean [interval]", result.Stdout);
        Assert.True(File.Exists(Path.Combine(output, "arms.json")) && File.Exists(Path.Combine(output, "study.json")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
