using System.Text;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Campaigns;

public sealed class RecordedSpecTests
{
    static string Spec(string model, string? reference = null) => $"""
        name: recorded
        model: {model}
        prompts:
          - name: capital
            text: "{"{noken}"} What is the capital of France?"
        strategies:
          - strategy: gaussian-diag
            count: 4
        {(reference is null ? "" : $"ground_truth: {{ reference_model: {reference} }}")}
        """;

    [Fact]
    public void SpecJsonNamesModelsAsTheSpecDidAndHoldsNoPathOfThisMachine()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("mine"));
        Directory.CreateDirectory(dir.File("judge"));
        File.WriteAllText(dir.File("spec.yaml"), Spec("mine", reference: "judge"));
        var spec = CampaignSpecReader.Load(dir.File("spec.yaml"), outputOverride: dir.File("out"));
        Assert.Equal(dir.File("mine"), spec.Model);
        Assert.Equal("mine", spec.ModelName);

        var json = Encoding.UTF8.GetString(RecordedSpec.ToUtf8(spec));
        Assert.DoesNotContain(dir.Path, json);
        Assert.DoesNotContain(AppContext.BaseDirectory.TrimEnd('/'), json);
        Assert.Contains("\"model\": \"mine\"", json);
        Assert.Contains("\"referenceModel\": \"judge\"", json);

        // Read back, an embedded name is this install's copy again and keeps its name for the next record; another
        // name stays as written (a replay asks for --model when it is not a folder here).
        var read = System.Text.Json.JsonSerializer.Deserialize<CampaignSpec>(json, SweepSummary.Json)!;
        Assert.Equal("mine", RecordedSpec.Resolve(read).Model);
        var back = RecordedSpec.Resolve(read with { Model = "organism/base" });
        Assert.Equal(EmbeddedModels.Base, back.Model);
        Assert.Equal("organism/base", back.ModelName);
        Assert.Equal("judge", back.GroundTruth!.ReferenceModel);
    }

    [Theory]
    [InlineData(null, "organism")]
    [InlineData("organism/base", "organism/base")]
    [InlineData("models\\small", "models/small")]
    [InlineData("/srv/models/llama-tiny/", "llama-tiny")]
    public void AModelIsRecordedByItsNameNeverByAnAbsolutePath(string? written, string recorded) =>
        Assert.Equal(recorded, RecordedModel.Name(written, written ?? EmbeddedModels.Aligned));

    [Fact]
    public void TheEmbeddedOrganismNamedByItsAbsolutePathIsRecordedAsOrganism() =>
        Assert.Equal("organism", RecordedModel.Name(EmbeddedModels.Aligned, EmbeddedModels.Aligned));
}
