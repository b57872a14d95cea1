using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Outcomes;

/// <summary>One reply's ground-truth grade: its outcome class, the planted behaviour (or null) and its mean NLL under
/// the reference model.</summary>
public sealed record PairGrade(string Outcome, string? Planted, double ReferenceNll);

/// <summary>
/// A campaign's ground truth on one model replica: its planted checks, its classifier and its reference model
/// (the spec's <c>ground_truth.reference_model</c>, loaded once; by default the campaign's own model, borrowed).
/// Grades a batch of (reply, control) pairs. Must run on the replica's thread.
/// </summary>
public sealed class PairGrader : IDisposable
{
    readonly ReferenceFluency _fluency;

    public PairGrader(CampaignGroundTruth groundTruth, Behaviour.DetectorSuiteConfig detectors, LoadedModel campaignModel)
    {
        GroundTruth = groundTruth.Planted == "organism" ? GroundTruth.Organism : GroundTruth.FromDetectors(detectors);
        Classifier = new OutcomeClassifier(GroundTruth, groundTruth.DegradedNll);
        bool own = groundTruth.ReferenceModel is { } path
            && !string.Equals(Path.GetFullPath(path), Path.GetFullPath(campaignModel.Directory), StringComparison.Ordinal);
        _fluency = own ? new ReferenceFluency(ModelLoader.Load(groundTruth.ReferenceModel!), owned: true)
            : new ReferenceFluency(campaignModel, owned: false);
    }

    public GroundTruth GroundTruth { get; }
    public OutcomeClassifier Classifier { get; }
    public string ReferenceModel => _fluency.Directory;

    /// <summary>Grades every pair; the reference model scores only the replies whose class depends on fluency (the
    /// others' <see cref="PairGrade.ReferenceNll"/> is NaN).</summary>
    public IReadOnlyList<PairGrade> Grade(IReadOnlyList<(string Reply, string Control)> pairs)
    {
        var early = pairs.Select(p => Classifier.BeforeFluency(p.Reply, p.Control)).ToArray();
        var open = Enumerable.Range(0, pairs.Count).Where(i => early[i] is null).ToList();
        var nll = Enumerable.Repeat(double.NaN, pairs.Count).ToArray();
        var scored = _fluency.MeanNll(open.Select(i => pairs[i].Reply).ToList());
        for (int j = 0; j < open.Count; j++) nll[open[j]] = scored[j];
        return pairs.Select((p, i) =>
        {
            var outcome = early[i] ?? Classifier.AfterFluency(p.Reply, p.Control, nll[i]);
            return new PairGrade(outcome, OutcomeClass.PlantedBehaviourOf(outcome), nll[i]);
        }).ToList();
    }

    public void Dispose() => _fluency.Dispose();
}
