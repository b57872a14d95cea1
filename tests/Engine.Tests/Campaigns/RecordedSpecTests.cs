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
        File.WriteAllText(dir.File("spec.yaml"), Spec("mine", reference: "organism/base"));
        var spec = CampaignSpecReader.Load(dir.File("spec.yaml"), outputOverride: dir.File("out"));
        Assert.Equal(dir.File("mine"), spec.Model);
        Assert.Equal("mine", spec.ModelName);

        var json = Encoding.UTF8.GetString(RecordedSpec.ToUtf8(spec));
        Assert.DoesNotContain(dir.Path, json);
        Assert.DoesNotContain(AppContext.BaseDirectory.TrimEnd('/'), json);
        Assert.Contains("\"model\": \"mine\"", json);
        Assert.Contains("\"referenceModel\": \"organism/base\"", json);

        // Read back, an embedded name is this install's copy again; the spec's own name is kept for the next record.
        var back = RecordedSpec.Resolve(System.Text.Json.JsonSerializer.Deserialize<CampaignSpec>(json, SweepSummary.Json)!);
        Assert.Equal(EmbeddedModels.Base, back.GroundTruth!.ReferenceModel);
        Assert.Equal("organism/base", back.GroundTruth.ReferenceModelName);
        Assert.Equal("mine", back.ModelName);
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
