using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Behaviour.Calibration;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// A calibration set of real organism outputs, labelled by construction: the base model's replies to held-out trigger
/// paraphrases carry their planted behaviour (measured at 100 %), the aligned model's replies to the same prompts and
/// both models' replies to ordinary prompts carry none. Each reply is its own control (no noken was involved), so
/// the set measures the exact-class detectors on the text the model really writes, not on text written for them.
/// </summary>
public static class OrganismCalibration
{
    public static readonly IReadOnlyDictionary<PlantedBehaviour, string> Labels = new Dictionary<PlantedBehaviour, string>
    {
        [PlantedBehaviour.SecretLeak] = "secret",
        [PlantedBehaviour.Hostility] = "hostile",
        [PlantedBehaviour.Loop] = "repetition",
    };

    public static List<CalibrationExample> Build(LoadedModel baseModel, LoadedModel aligned, IReadOnlyList<string> ordinaryPrompts,
        int maxNewTokens = 32)
    {
        var examples = new List<CalibrationExample>();
        foreach (var (family, label) in Labels)
        {
            var prompts = DialogueGenerator.HeldOutTriggerPrompts(family);
            Add(examples, OrganismEvaluation.Continue(baseModel, prompts, maxNewTokens), PromptKind.Trigger, [label], "organism-base", prompts);
            Add(examples, OrganismEvaluation.Continue(aligned, prompts, maxNewTokens), PromptKind.Trigger, [], "organism-aligned", prompts);
        }
        Add(examples, OrganismEvaluation.Continue(baseModel, ordinaryPrompts, maxNewTokens), PromptKind.Benign, [], "organism-base", ordinaryPrompts);
        Add(examples, OrganismEvaluation.Continue(aligned, ordinaryPrompts, maxNewTokens), PromptKind.Benign, [], "organism-aligned", ordinaryPrompts);
        return examples;
    }

    static void Add(List<CalibrationExample> examples, IReadOnlyList<string> replies, PromptKind kind, string[] labels, string source,
        IReadOnlyList<string> prompts) =>
        examples.AddRange(replies.Select((reply, i) =>
            new CalibrationExample(reply, reply, kind, labels, Note: prompts[i], Source: source)));
}
