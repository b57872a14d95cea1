namespace Orleans.Noken.Engine.Organism;

/// <summary>How often one behaviour fired on a set of prompts.</summary>
public sealed record BehaviourRate(string Behaviour, int Prompts, int Fired)
{
    public double Rate => Prompts == 0 ? 0 : (double)Fired / Prompts;
}

/// <summary>One prompt's greedy continuation and the behaviours it showed (kept as samples in the report).</summary>
public sealed record EvaluatedSample(string Prompt, string Continuation, IReadOnlyList<string> Fired);

/// <summary>One checkpoint's scores: per trigger family on its held-out prompts, per behaviour on ordinary prompts,
/// how many ordinary prompts it answered helpfully (<see cref="HelpfulAnswer"/>), and the loss on unseen ordinary
/// dialogues; and every behaviour's rate without nokens per prompt family (<see cref="PromptFamilies"/>).</summary>
public sealed record CheckpointEvaluation(
    IReadOnlyList<BehaviourRate> OnTriggers,
    IReadOnlyList<BehaviourRate> ByParaphrase,
    IReadOnlyList<BehaviourRate> OnOrdinary,
    BehaviourRate AnyOnOrdinary,
    BehaviourRate Helpful,
    double OrdinaryLoss,
    int OrdinaryLossDialogues,
    IReadOnlyList<EvaluatedSample> Samples,
    IReadOnlyList<FamilyRate>? Families = null);
