using System.Text.Json;

namespace Orleans.Noken.Client.Tests;

public sealed class BenchCommandTests : IClassFixture<CheckpointFolder>
{
    readonly CheckpointFolder _checkpoint;

    public BenchCommandTests(CheckpointFolder checkpoint) => _checkpoint = checkpoint;

    [Fact]
    public void BenchPrintsEngineNaiveAndMatmulFiguresWithTheirRatios()
    {
        var result = NokenProcess.Run("bench", "--model", _checkpoint.Path, "--nokens", "6", "--prompts", "2", "--new-tokens", "3", "--naive-pairs", "2", "--threads", "1");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var r = json.RootElement;
        double Value(string key) => r.GetProperty(key).GetDouble();
        foreach (var key in new[] { "nokens_per_s", "naive_nokens_per_s", "speedup", "achieved_gflops", "matmul_gflops", "efficiency" })
            Assert.True(Value(key) > 0, $"{key} = {Value(key)}");
        Assert.Equal(Value("nokens_per_s") / Value("naive_nokens_per_s"), Value("speedup"), 0.05 * Value("speedup"));
        Assert.Equal(Value("achieved_gflops") / Value("matmul_gflops"), Value("efficiency"), 0.01 + 0.05 * Value("efficiency"));
        Assert.Equal(6, r.GetProperty("nokens").GetInt32());
        Assert.Equal(1, r.GetProperty("threads").GetInt32());
    }

    [Fact]
    public void ANonPositiveThreadCountIsRefused()
    {
        var result = NokenProcess.Run("bench", "--model", _checkpoint.Path, "--threads", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("torch threads must be at least 1", result.Stderr);
    }

    [Fact]
    public void BenchRefusesAnUnknownShape()
    {
        var result = NokenProcess.Run("bench", "--shape", "gpt5");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown model shape 'gpt5'", result.Stderr);
    }
}
