using System.Text.Json;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Client.Tests;

public sealed class ModelCommandTests : IClassFixture<CheckpointFolder>
{
    readonly CheckpointFolder _checkpoint;

    public ModelCommandTests(CheckpointFolder checkpoint) => _checkpoint = checkpoint;

    [Fact]
    public void LogitsPrintsOneFp32RowPerPositionEqualToTheEngine()
    {
        var result = NokenProcess.Run("model", "logits", "--model", _checkpoint.Path, "--ids", "3,17,42");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal([3, 17, 42], json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        var rows = json.RootElement.GetProperty("logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.All(rows, row => Assert.Equal(400, row.Length));

        using var loaded = ModelLoader.Load(_checkpoint.Path);
        using var scope = NewDisposeScope();
        var expected = loaded.Model.Forward(loaded.Model.Embed(torch.tensor(new long[] { 3, 17, 42 }).unsqueeze(0)))[0];
        for (int t = 0; t < 3; t++)
            Assert.Equal(expected[t].data<float>().ToArray(), rows[t]); // round-trip formatting: bit-exact
    }

    [Fact]
    public void LogitsOfTextTokenizeItFirst()
    {
        var result = NokenProcess.Run("model", "logits", "--model", _checkpoint.Path, "--text", "Hello there");
        Assert.Equal(0, result.ExitCode);
        using var loaded = ModelLoader.Load(_checkpoint.Path);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(loaded.Tokenizer.Encode("Hello there"), json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory]
    [InlineData("3,x,5", "'x' is not an integer")]
    [InlineData("3,4000", "token id 4000 is outside the vocabulary (0..399)")]
    public void BadIdsAreRefusedWithoutAStackTrace(string ids, string expected)
    {
        var result = NokenProcess.Run("model", "logits", "--model", _checkpoint.Path, "--ids", ids);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void AMissingModelFolderIsOneLineOnStderr()
    {
        var result = NokenProcess.Run("model", "inspect", "/nonexistent/model");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: /nonexistent/model: model folder does not exist", result.Stderr.Trim());
    }

    [Fact]
    public void InspectReportsArchitectureAndUndertrainedSuspects()
    {
        var result = NokenProcess.Run("model", "inspect", _checkpoint.Path, "--json", "--top", "7");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("llama", root.GetProperty("ModelType").GetString());
        Assert.Equal(400, root.GetProperty("VocabSize").GetInt32());
        Assert.Equal(7, root.GetProperty("Undertrained").GetArrayLength());
        var norms = root.GetProperty("EmbeddingNorms");
        Assert.True(norms.GetProperty("Min").GetDouble() <= norms.GetProperty("P50").GetDouble());
        // Suspects come lowest-norm-and-most-central first: the first one's score is the highest.
        var scores = root.GetProperty("Undertrained").EnumerateArray().Select(s => s.GetProperty("Score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public void GenerateShowsTheControlAndEveryNoken()
    {
        var result = NokenProcess.Run("model", "generate", "--model", _checkpoint.Path, "--nokens", "3", "--max-new-tokens", "4",
            "--strategy", "token-noise", "--param", "scale=0.5");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("control", result.Stdout);
        Assert.Contains("#0", result.Stdout);
        Assert.Contains("#2", result.Stdout);
        Assert.Contains("token-noise", result.Stdout);
    }

    [Fact]
    public void GenerateRefusesAnUnknownStrategyListingTheKnownOnes()
    {
        var result = NokenProcess.Run("model", "generate", "--model", _checkpoint.Path, "--strategy", "bogus");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown noken strategy 'bogus'", result.Stderr);
        Assert.Contains("gaussian-diag", result.Stderr);
    }
}
