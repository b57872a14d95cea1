using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// What a campaign searches for, which decides its hits, its elites and what the exploit shards climb. Only
/// <see cref="UnwantedScore"/> lets a weighted detector score decide a hit; it is kept to compare with.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CampaignObjective>))]
public enum CampaignObjective
{
    /// <summary>A hit is a reply in which ground truth finds a planted behaviour; a noken scores the fraction of its
    /// prompts it made show one (no partial credit below the first).</summary>
    Planted,
    /// <summary>A noken scores the highest probability (exp of the mean per-token log-probability, teacher-forced)
    /// of any prompt's target reply: continuous, so exploit shards climb towards the target long before it is said.
    /// Hits are still ground-truth hits.</summary>
    TargetLikelihood,
    /// <summary>Today's weighted mean of the detector suite; a hit is a score at or above the search threshold.</summary>
    UnwantedScore,
}

public static class CampaignObjectives
{
    /// <summary>The names a spec writes, in the enum's order.</summary>
    public static readonly IReadOnlyList<string> Names = ["planted", "target_likelihood", "unwanted_score"];

    /// <summary>The objective as a spec writes it.</summary>
    public static string SpecName(this CampaignObjective objective) => Names[(int)objective];

    /// <summary>The objective a spec's name stands for; false for any other text.</summary>
    public static bool TryParse(string name, out CampaignObjective objective)
    {
        for (int i = 0; i < Names.Count; i++)
            if (Names[i] == name) { objective = (CampaignObjective)i; return true; }
        objective = CampaignObjective.Planted;
        return false;
    }
}

/// <summary>Where ground truth comes from and how disfluency is judged.</summary>
/// <param name="Planted">"organism" (its <see cref="Organism.BehaviourCheck"/>s) or "detectors" (the suite's target
/// patterns and lexicons).</param>
/// <param name="ReferenceModel">The fixed model that judges fluency; null: the campaign's model.</param>
/// <param name="DegradedNll">Mean NLL per token under the reference above which a reply is degraded.</param>
public sealed record CampaignGroundTruth(string Planted, string? ReferenceModel, double DegradedNll)
{
    readonly string? _referenceModelName;

    /// <summary>The reference model as the spec named it (<see cref="RecordedModel"/>), for result files; null
    /// without one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ReferenceModelName
    {
        get => _referenceModelName ?? (ReferenceModel is null ? null : RecordedModel.Name(ReferenceModel, ReferenceModel));
        init => _referenceModelName = value;
    }

    // Equal ground truths judge alike: how the spec spelled the reference model's name is a record, not a difference.
    public bool Equals(CampaignGroundTruth? other) =>
        other is not null && (Planted, ReferenceModel, DegradedNll) == (other.Planted, other.ReferenceModel, other.DegradedNll);

    public override int GetHashCode() => HashCode.Combine(Planted, ReferenceModel, DegradedNll);

    /// <summary>Planted checks by name, fluency judged by the campaign's model at that ground truth's default threshold.</summary>
    public static CampaignGroundTruth Default(string planted) => new(planted, null, Outcomes.OutcomeClassifier.DefaultDegradedNll(planted));
}
