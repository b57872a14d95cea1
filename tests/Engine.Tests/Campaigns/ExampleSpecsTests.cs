using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Engine.Tests.Campaigns;

/// <summary>Every spec the README and the study script tell a newcomer to run is valid as committed: a newcomer's
/// first error must not be in our own examples.</summary>
public sealed class ExampleSpecsTests
{
    public static TheoryData<string> Specs()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "examples", Path.Combine("tools", "labelling") })
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, folder), "*.yaml").Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
        return data;
    }

    /// <summary>A committed spec, read as <c>noken run</c> reads it. The specs name the embedded organism, which this
    /// test project does not copy: they are pointed at the committed one.</summary>
    public static CampaignSpec Load(string relative)
    {
        var path = Path.Combine(RepositoryPaths.Root, relative);
        var aligned = Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned");
        var text = File.ReadAllText(path).Replace("model: organism", $"model: {aligned}", StringComparison.Ordinal);
        return CampaignSpecReader.Parse(text, path, Path.GetDirectoryName(path)!);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void TheSpecParses(string relative)
    {
        var spec = Load(relative);
        // An attack campaign's prompts are its target's; a sweep's are its own.
        if (spec.Attack is { } attack) Assert.Equal(attack.Units, spec.TotalNokens);
        else Assert.NotEmpty(spec.Prompts);
        Assert.True(spec.TotalNokens > 0);
        if (spec.Objective == CampaignObjective.TargetLikelihood) Assert.Contains(spec.Prompts, p => p.Targets.Count > 0);
    }
}
