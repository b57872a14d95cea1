using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Generation;

namespace Orleans.Noken.Engine.Tests.Behaviour;

/// <summary>Runs one detector through the public path (a one-detector suite), as a campaign would.</summary>
public static class Detect
{
    public static DetectorScore Run(string detector, BehaviourObservation observation, params (string Name, object Value)[] parameters) =>
        DetectorSuite.Create(new DetectorSuiteConfig([DetectorSpec.Of(detector, parameters: parameters)])).Score(observation).Scores[0];

    public static BehaviourObservation Text(string text, string? control = null, PromptKind kind = PromptKind.Benign, params string[] targets) =>
        BehaviourObservation.FromText(text, control, new PromptContext(kind, targets));

    public static Continuation Continuation(string text, int[]? ids = null, float[]? kl = null, bool eos = true) =>
        new(ids ?? [], text, [], [], kl ?? [], eos);
}
