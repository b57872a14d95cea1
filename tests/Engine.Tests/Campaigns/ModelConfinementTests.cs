using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Campaigns;

/// <summary>
/// A submitted spec's model is a folder inside the models root or an embedded name; everything else — a climb out,
/// an absolute path, a folder that exists elsewhere, one that exists nowhere — gets the same problem, so the answer
/// says nothing about the silo's file system. A local spec (the user's own machine) may still name any folder.
/// </summary>
public sealed class ModelConfinementTests : IDisposable
{
    readonly TempDirectory _root = new();
    readonly TempDirectory _outside = new();

    public ModelConfinementTests()
    {
        Directory.CreateDirectory(_root.File("mine"));
        Directory.CreateDirectory(Path.Combine(_root.Path, "family", "small"));
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    static string Spec(string model, string? reference = null) => $$"""
        name: confined
        model: "{{model}}"
        prompts: [{ name: p, text: "{noken} hi" }]
        strategies: [{ strategy: gaussian-diag, count: 4 }]
        {{(reference is null ? "" : $"ground_truth: {{ reference_model: \"{reference}\" }}")}}
        """;

    string Submitted(string model) =>
        Assert.Single(Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.ParseSubmitted(Spec(model), "spec", _root.Path)).Problems);

    [Fact]
    public void FoldersInsideTheModelsRootResolve()
    {
        Assert.Equal(_root.File("mine"), CampaignSpecReader.ParseSubmitted(Spec("mine"), "spec", _root.Path).Model);
        Assert.Equal(Path.Combine(_root.Path, "family", "small"), CampaignSpecReader.ParseSubmitted(Spec("family/small"), "spec", _root.Path).Model);
        // '..' that stays inside is still inside.
        Assert.Equal(_root.File("mine"), CampaignSpecReader.ParseSubmitted(Spec("family/../mine"), "spec", _root.Path).Model);
        Assert.Equal(_root.File("mine"), CampaignSpecReader.ParseSubmitted(Spec(_root.File("mine")), "spec", _root.Path).Model);
    }

    [Fact]
    public void AConfinedModelIsNamedRelativeToTheModelsRootNeverByTheSilosPath()
    {
        string Name(string model) => CampaignSpecReader.ParseSubmitted(Spec(model), "spec", _root.Path).ModelName;
        Assert.Equal("mine", Name(_root.File("mine")));
        Assert.Equal("mine", Name("family/../mine"));
        Assert.Equal("family/small", Name(Path.Combine(_root.Path, "family", "small")));
        var reference = CampaignSpecReader.ParseSubmitted(Spec("mine", _root.File("mine")), "spec", _root.Path).GroundTruth!.ReferenceModelName;
        Assert.Equal("mine", reference);
    }

    [Fact]
    public void EveryNameOutsideTheRootGetsOneAnswerThatRevealsNothing()
    {
        string[] names = ["../../../etc", "/etc", "/root", _outside.Path, "/nonexistent", "missing-inside", ".", "..", "mine/../.."];
        var answers = names.Select(n => (Name: n, Problem: Submitted(n))).ToList();
        foreach (var (name, problem) in answers)
        {
            // Only the client's own words come back, never a resolved path or "does not exist".
            Assert.Equal($"model: '{name}' is not a model on this cluster: name a folder under the silos' models root, or an embedded model (organism, organism/aligned, organism/base, organism-leaky, organism-leaky/aligned, organism-leaky/base)", problem);
            Assert.DoesNotContain(_root.Path, problem);
        }
    }

    [Fact]
    public void ASymlinkInTheRootThatLeadsOutIsOutsideAtAnyDepth()
    {
        Directory.CreateDirectory(Path.Combine(_outside.Path, "weights"));
        Directory.CreateSymbolicLink(_root.File("escape"), _outside.Path);                   // absolute target
        Directory.CreateSymbolicLink(_root.File("climb"), Path.Combine("..", Path.GetFileName(_outside.Path)));   // relative target
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "family", "up"), "/");
        foreach (var name in new[] { "escape", "escape/weights", "climb/weights", "family/up/etc", "family/up/root" })
            Assert.StartsWith($"model: '{name}' is not a model on this cluster", Submitted(name));
    }

    [Fact]
    public void SymlinksThatStayInsideTheRootResolveAndSoDoesARootThatIsALink()
    {
        Directory.CreateSymbolicLink(_root.File("alias"), _root.File("mine"));
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "family", "sibling"), "../mine");
        Assert.Equal(_root.File("alias"), CampaignSpecReader.ParseSubmitted(Spec("alias"), "spec", _root.Path).Model);
        Assert.Equal(Path.Combine(_root.Path, "family", "sibling"), CampaignSpecReader.ParseSubmitted(Spec("family/sibling"), "spec", _root.Path).Model);
        var linkedRoot = Path.Combine(_outside.Path, "models-link");
        Directory.CreateSymbolicLink(linkedRoot, _root.Path);
        Assert.Equal(Path.Combine(linkedRoot, "mine"), CampaignSpecReader.ParseSubmitted(Spec("mine"), "spec", linkedRoot).Model);
    }

    [Fact]
    public void ASymlinkCycleInTheRootIsOutsideNotAHang()
    {
        File.CreateSymbolicLink(_root.File("loop-a"), _root.File("loop-b"));
        File.CreateSymbolicLink(_root.File("loop-b"), _root.File("loop-a"));
        Assert.StartsWith("model: 'loop-a' is not a model on this cluster", Submitted("loop-a"));
    }

    [Fact]
    public void TheReferenceModelIsConfinedAlike()
    {
        var problems = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.ParseSubmitted(Spec("mine", "/etc"), "spec", _root.Path)).Problems;
        Assert.StartsWith("ground_truth.reference_model: '/etc' is not a model on this cluster", Assert.Single(problems));
    }

    [Fact]
    public void ALocalSpecStillNamesAnyFolder() =>
        Assert.Equal(_outside.Path, CampaignSpecReader.Parse(Spec(_outside.Path), "spec", _root.Path).Model);
}
