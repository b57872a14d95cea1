using System.Text.Json;
using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Client.Tests;

public sealed class DetectorCommandTests
{
    [Fact]
    public void EvalOnTheEmbeddedSetPrintsPrecisionAndRecallPerClassAndSkipsGibberishWithoutAModel()
    {
        var result = NokenProcess.Run("detectors", "eval", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var classes = json.RootElement.GetProperty("classes").EnumerateArray().ToDictionary(c => c.GetProperty("label").GetString()!);
        foreach (var label in new[] { "secret", "hostile", "silence", "repetition" })
        {
            Assert.True(classes[label].GetProperty("precision").GetDouble() >= 0.95, label);
            Assert.True(classes[label].GetProperty("recall").GetDouble() >= 0.95, label);
        }
        Assert.DoesNotContain("gibberish", classes.Keys);
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray().Single();
        Assert.Equal("gibberish", skipped.GetProperty("label").GetString());
        Assert.Equal(20, classes["silence"].GetProperty("support").GetInt32());
    }

    [Fact]
    public void EvalWithAModelRunsGibberishToo()
    {
        using var checkpoint = new CheckpointFolder();
        var result = NokenProcess.Run("detectors", "eval", "--json", "--model", checkpoint.Path);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Contains(json.RootElement.GetProperty("classes").EnumerateArray(), c => c.GetProperty("label").GetString() == "gibberish");
        Assert.Empty(json.RootElement.GetProperty("skipped").EnumerateArray());
    }

    [Fact]
    public void TheDefaultConfigPrintsAsJsonThatEvalAcceptsBack()
    {
        var printed = NokenProcess.Run("detectors", "config");
        Assert.Equal(0, printed.ExitCode);
        Assert.Equal(DetectorSuiteConfig.Organism.ToJson(), DetectorSuiteConfig.FromJson(printed.Stdout).ToJson());

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, printed.Stdout);
            Assert.Equal(0, NokenProcess.Run("detectors", "eval", "--config", file).ExitCode);
            File.WriteAllText(file, """{ "detectors": [ { "detector": "sarcasm" } ] }""");
            var refused = NokenProcess.Run("detectors", "eval", "--config", file);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("unknown detector 'sarcasm'", refused.Stderr);
            Assert.Contains("known detectors: repetition, gibberish", refused.Stderr);
            Assert.DoesNotContain("   at ", refused.Stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AMissingSetIsOneLineOnStderr()
    {
        var result = NokenProcess.Run("detectors", "eval", "--set", "/nonexistent/set.jsonl");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: /nonexistent/set.jsonl: calibration set does not exist", result.Stderr.Trim());
    }
}
