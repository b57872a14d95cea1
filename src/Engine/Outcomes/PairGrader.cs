using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Outcomes;

/// <summary>One reply's ground-truth grade: its outcome class, the planted behaviour (or null) and its mean NLL under
/// the reference model (NaN when the class did not need it).</summary>
public sealed record PairGrade(string Outcome, string? Planted, double ReferenceNll);

/// <summary>
/// A campaign's ground truth on one model replica: its planted checks, its classifier and its reference model
/// (the spec's <c>ground_truth.reference_model</c>, loaded once; by default the campaign's own model, borrowed).
/// Grades a batch of (reply, control, prompt) pairs. Must run on the replica's thread.
/// </summary>
public sealed class PairGrader : IDisposable
{
    readonly ReferenceFluency _fluency;
    readonly IReadOnlyList<PromptKind> _kinds;

    public PairGrader(CampaignSpec spec, LoadedModel campaignModel) : this(spec, FluencyOf(spec, campaignModel)) { }

    static ReferenceFluency FluencyOf(CampaignSpec spec, LoadedModel campaignModel)
    {
        bool own = spec.EffectiveGroundTruth.ReferenceModel is { } path
            && !string.Equals(Path.GetFullPath(path), Path.GetFullPath(campaignModel.Directory), StringComparison.Ordinal);
        var reference = own ? ModelLoader.Load(spec.EffectiveGroundTruth.ReferenceModel!) : campaignModel;
        try
        {
            return new ReferenceFluency(reference, owned: own, spec.Prompts, spec.Distances);
        }
        catch
        {
            if (own) reference.Dispose();
            throw;
        }
    }

    PairGrader(CampaignSpec spec, ReferenceFluency fluency)
    {
        (GroundTruth, Classifier, _kinds) = Parts(spec);
        _fluency = fluency;
    }

    /// <summary>Grades against <paramref name="reference"/> (borrowed, not disposed), whatever the spec names: for a
    /// model trained in memory from the reference's own folder, whose path cannot tell the two apart.</summary>
    public static PairGrader WithReference(CampaignSpec spec, LoadedModel reference) =>
        new(spec, new ReferenceFluency(reference, owned: false, spec.Prompts, spec.Distances));

    static (GroundTruth, OutcomeClassifier, IReadOnlyList<PromptKind>) Parts(CampaignSpec spec)
    {
        var truth = GroundTruth.Of(spec);
        IReadOnlyList<int> extras = spec.Distances.Count == 0 ? [0] : spec.Distances;
        var kinds = spec.Prompts.SelectMany(p => extras.Select(_ => p.Kind)).ToList();   // the order RenderedPrompt.Of renders
        return (truth, new OutcomeClassifier(truth, spec.EffectiveGroundTruth.DegradedNll), kinds);
    }

    public GroundTruth GroundTruth { get; }
    public OutcomeClassifier Classifier { get; }
    public string ReferenceModel => _fluency.Directory;

    /// <summary>Grades every pair (<c>Prompt</c>: the rendered prompt's index); the reference model scores only the
    /// replies whose class depends on fluency.</summary>
    public IReadOnlyList<PairGrade> Grade(IReadOnlyList<(string Reply, string Control, int Prompt)> pairs)
    {
        var early = pairs.Select(p => Classifier.BeforeFluency(p.Reply, p.Control, _kinds[p.Prompt])).ToArray();
        var open = Enumerable.Range(0, pairs.Count).Where(i => early[i] is null && Classifier.NeedsFluency(pairs[i].Reply)).ToList();
        var nll = Enumerable.Repeat(double.NaN, pairs.Count).ToArray();
        var scored = _fluency.MeanNll(open.Select(i => (pairs[i].Reply, pairs[i].Prompt)).ToList());
        for (int j = 0; j < open.Count; j++) nll[open[j]] = scored[j];
        return pairs.Select((p, i) =>
        {
            var outcome = early[i] ?? Classifier.AfterFluency(p.Reply, p.Control, nll[i]);
            return new PairGrade(outcome, OutcomeClass.PlantedBehaviourOf(outcome), nll[i]);
        }).ToList();
    }

    public void Dispose() => _fluency.Dispose();
}
