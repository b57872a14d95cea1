using System.Text.Json;

namespace Orleans.Noken.Client.Tests;

/// <summary>A sweep whose spec asks for the LLM judge: the judge is `noken serve` over real HTTP.</summary>
public sealed class SweepJudgeTests(ServedModel judge) : IClassFixture<ServedModel>, IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("noken-judge-sweep-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    string Spec()
    {
        var spec = Path.Combine(_folder, "spec.yaml");
        File.WriteAllText(spec, """
            name: judged
            prompts:
              - name: roast
                text: "{noken} Honestly, what's your view of me?"
                kind: trigger
            strategies:
              - strategy: token-noise
                parameters: { scale: 1.0 }
                count: 8
                seed: 3
            decoding: { max_new_tokens: 6 }
            judge: { top: 3, random: 2, seed: 1 }
            """);
        return spec;
    }

    [Fact]
    public void TheShortlistIsJudgedAndWrittenBesideTheResults()
    {
        var output = Path.Combine(_folder, "out");
        var environment = new Dictionary<string, string>
        {
            ["NOKEN_JUDGE_BASE_URL"] = new Uri(judge.BaseAddress, "v1").ToString(),
            ["NOKEN_JUDGE_MODEL"] = "judge",
            ["NOKEN_JUDGE_API_KEY"] = ServedModel.Token,
        };
        var result = NokenProcess.RunWith(environment, "sweep", Spec(), "--out", output, "--threads", "1");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var lines = File.ReadAllLines(Path.Combine(output, "judge.jsonl"));
        Assert.Equal(5, lines.Length);
        var ids = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, ids.Select(e => e.GetProperty("nokenId").GetString()).Distinct().Count());
        // The served model is a random-weight checkpoint: it answers, but never with a verdict.
        Assert.All(ids, e => Assert.Equal("Unparseable", e.GetProperty("verdict").GetProperty("outcome").GetString()));
        Assert.Contains("LLM judge on 5", result.Stdout);
    }

    [Fact]
    public void WithoutAJudgeEndpointTheSweepIsRefusedBeforeAnyWork()
    {
        var output = Path.Combine(_folder, "never");
        var result = NokenProcess.RunWith(new Dictionary<string, string> { ["NOKEN_JUDGE_BASE_URL"] = "" }, "sweep", Spec(), "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the LLM judge needs NOKEN_JUDGE_BASE_URL", result.Stderr);
        Assert.False(Directory.Exists(output));
    }
}
