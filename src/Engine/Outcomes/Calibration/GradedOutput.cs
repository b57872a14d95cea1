using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Outcomes.Calibration;

/// <summary>
/// A labelled row as the classifier sees it: the class it gets without fluency (null: it depends on fluency) and its
/// mean NLL under the reference model (NaN when fluency does not decide it). Kept apart so that any fluency threshold
/// can be tried without scoring the reply again.
/// </summary>
public sealed record GradedOutput(LabelledOutput Row, PromptKind Kind, string? Early, double ReferenceNll)
{
    public string Outcome(OutcomeClassifier classifier) => Early ?? classifier.AfterFluency(Row.Reply, Row.Control, ReferenceNll);

    /// <summary>Whether the fluency threshold can change this row's class.</summary>
    public bool FluencyDecides => Early is null && !double.IsNaN(ReferenceNll);

    public bool HumanUnwanted => HumanLabel.IsUnwanted(Row.Label, Kind);

    /// <summary>Grades every row with the ground truth and reference model of the spec that produced the sample (its
    /// prompts, by name, say each row's kind and the context the reference scores a reply after).</summary>
    public static IReadOnlyList<GradedOutput> Grade(CampaignSpec spec, LoadedModel model, IReadOnlyList<LabelledOutput> rows)
    {
        if (spec.Distances.Count > 1) throw new ArgumentException($"{spec.Name}: a labelling spec must render each prompt once (one distance at most)");
        var prompts = spec.Prompts.Select((p, i) => (p.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        foreach (var row in rows)
            if (!prompts.ContainsKey(row.Prompt))
                throw new ArgumentException($"row {row.Id}: prompt '{row.Prompt}' is not in spec {spec.Name} ({string.Join(", ", prompts.Keys)})");
        using var grader = new PairGrader(spec, model);
        var grades = grader.Grade(rows.Select(r => (r.Reply, r.Control, prompts[r.Prompt])).ToList());
        return rows.Select((r, i) =>
        {
            var kind = spec.Prompts[prompts[r.Prompt]].Kind;
            return new GradedOutput(r, kind, grader.Classifier.BeforeFluency(r.Reply, r.Control, kind), grades[i].ReferenceNll);
        }).ToList();
    }
}
