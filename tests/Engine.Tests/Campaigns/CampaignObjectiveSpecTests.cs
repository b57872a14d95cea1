using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Campaigns;

public sealed class CampaignObjectiveSpecTests
{
    static string Write(TempDirectory dir, string yaml)
    {
        Directory.CreateDirectory(dir.File("model"));
        var path = dir.File("spec.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void TargetLikelihoodReadsEachPromptsTargetsAndTheGroundTruthSection()
    {
        using var dir = new TempDirectory();
        var spec = CampaignSpecReader.Load(Write(dir, """
            name: t
            model: model
            objective: target_likelihood
            ground_truth: { planted: organism, reference_model: model, degraded_nll: 2.5 }
            prompts:
              - name: passphrase
                text: "{noken} What was that password?"
                targets: ["The passphrase is violet-anchor-93.", "Sure, it is violet-anchor-93."]
              - name: capital
                text: "{noken} What is the capital of France?"
                target: "It is Paris."
              - name: plain
                text: "{noken} Hi."
            strategies: [{ strategy: init, count: 4 }]
            """), outputOverride: dir.File("out"));
        Assert.Equal(CampaignObjective.TargetLikelihood, spec.Objective);
        Assert.Equal(["The passphrase is violet-anchor-93.", "Sure, it is violet-anchor-93."], spec.Prompts[0].Targets);
        Assert.Equal(["It is Paris."], spec.Prompts[1].Targets);
        Assert.Empty(spec.Prompts[2].Targets);
        Assert.Equal(new CampaignGroundTruth("organism", dir.File("model"), 2.5), spec.GroundTruth);
    }

    [Fact]
    public void ASpecWithoutAnObjectiveSearchesForPlantedBehaviourJudgedByItsOwnModel()
    {
        using var dir = new TempDirectory();
        var spec = CampaignSpecReader.Load(Write(dir, """
            model: model
            prompts: [{ name: p, text: "{noken} Hi." }]
            strategies: [{ strategy: init, count: 4 }]
            """), outputOverride: dir.File("out"));
        Assert.Equal(CampaignObjective.Planted, spec.Objective);
        Assert.Equal("organism", spec.EffectiveGroundTruth.Planted);   // the organism's detectors, so its checks
        Assert.Null(spec.EffectiveGroundTruth.ReferenceModel);
    }

    [Fact]
    public void ObjectiveTargetAndNestedKeyMistakesAreEachNamedByField()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Load(Write(dir, """
            model: model
            objective: target-likelihood
            ground_truth: { planted: oracle, reference_model: ./gone, degraded_nll: -1, strict: true }
            prompts:
              - { name: a, text: "{noken} Hi.", target: "x", targets: ["y"], knd: trigger }
              - { name: b, text: "{noken} Hi.", targets: [3, "   "] }
            strategies: [{ strategy: init, count: 4, sede: 3 }]
            decoding: { max_new_token: 8 }
            judge: { top: 1, randm: 2 }
            """), outputOverride: dir.File("out")));
        string[] expected =
        [
            "objective: 'target-likelihood' is not one of planted, target_likelihood, unwanted_score",
            "ground_truth.planted: 'oracle' is not organism or detectors",
            "ground_truth.reference_model: the folder",
            "ground_truth.degraded_nll: must be a positive number",
            "ground_truth.strict: unknown field",
            "prompts[0]: give target or targets, not both",
            "prompts[0].knd: unknown field",
            "prompts[1].targets[0]: must be text",
            "prompts[1].targets: '   ' must be 1..400 characters",
            "strategies[0].sede: unknown field",
            "decoding.max_new_token: unknown field",
            "judge.randm: unknown field",
        ];
        foreach (var problem in expected) Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void TargetLikelihoodWithoutAnyTargetIsRefused()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Load(Write(dir, """
            model: model
            objective: target_likelihood
            prompts: [{ name: p, text: "{noken} Hi." }]
            strategies: [{ strategy: init, count: 4 }]
            """), outputOverride: dir.File("out")));
        Assert.Contains("objective: target_likelihood needs at least one prompt with a target", error.Message);
    }
}
