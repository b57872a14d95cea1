namespace Orleans.Noken.Abstractions;

/// <summary>A spec as the user wrote it (YAML or JSON text; the format is detected), and optionally the campaign id to
/// use (else one is made from the spec's name). The silo that receives it resolves the spec's model on its side.</summary>
[GenerateSerializer, Immutable, Alias("noken.CampaignSubmission")]
public sealed record CampaignSubmission(
    [property: Id(0)] string Spec,
    [property: Id(1)] string? Id = null);

/// <summary>What submitting a spec did: accepted (with the campaign's status) or refused with every problem by field.</summary>
[GenerateSerializer, Immutable, Alias("noken.SubmitOutcome")]
public sealed record SubmitOutcome(
    [property: Id(0)] CampaignStatus? Status,
    [property: Id(1)] IReadOnlyList<string> Problems)
{
    public bool Accepted => Status is not null && Problems.Count == 0;
}
