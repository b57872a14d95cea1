namespace Orleans.Noken.Abstractions;

/// <summary>
/// A request to harden a completed campaign's model on the cluster, against the nokens the campaign found. The fields
/// mirror <c>noken harden</c>'s options; a null one takes the engine's default (HardeningInputs, HardeningOptions), so
/// the default lives in one place.
/// </summary>
/// <param name="Campaign">The source campaign's id; it must be Completed.</param>
/// <param name="Model">Model to harden, resolved on the silo as a spec's model is (default: the campaign's model).</param>
/// <param name="Threshold">Train on nokens whose worst prompt scored at least this.</param>
/// <param name="MaxNokens">At most this many nokens, the highest-scoring first.</param>
/// <param name="Seed">Order of pairs and dialogues: the same inputs and seed give the same weights.</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="CleanWeight">Weight of the clean language-model loss (0: nokens only).</param>
/// <param name="Id">The job's id (default: made from the campaign's id and the time).</param>
/// <param name="AdversarialEvery">Every this many steps, search nokens against the current weights and train on the
/// finds too (0: off).</param>
/// <param name="AdversarialNokens">Vectors each adversarial round climbs from.</param>
/// <param name="AscentSteps">Gradient-ascent steps per adversarial round.</param>
[GenerateSerializer, Immutable, Alias("noken.HardeningSubmission")]
public sealed record HardeningSubmission(
    [property: Id(0)] string Campaign,
    [property: Id(1)] string? Model = null,
    [property: Id(2)] double? Threshold = null,
    [property: Id(3)] int? MaxNokens = null,
    [property: Id(4)] int? Steps = null,
    [property: Id(5)] int? Seed = null,
    [property: Id(6)] double? LearningRate = null,
    [property: Id(7)] double? CleanWeight = null,
    [property: Id(8)] string? Id = null,
    [property: Id(9)] int? AdversarialEvery = null,
    [property: Id(10)] int? AdversarialNokens = null,
    [property: Id(11)] int? AscentSteps = null);

/// <summary>Why a hardening submission was refused, so the API can answer 400, 404 or 409.</summary>
public enum HardeningRefusal
{
    None,
    /// <summary>A field is wrong (400).</summary>
    Invalid,
    /// <summary>No campaign has the source id (404).</summary>
    UnknownCampaign,
    /// <summary>The source campaign is not Completed, or the job id is taken by a different submission (409).</summary>
    Conflict,
}

/// <summary>What submitting a hardening job did: accepted (with the job's status) or refused with every problem by field.</summary>
[GenerateSerializer, Immutable, Alias("noken.HardeningSubmitOutcome")]
public sealed record HardeningSubmitOutcome(
    [property: Id(0)] HardeningStatus? Status,
    [property: Id(1)] IReadOnlyList<string> Problems,
    [property: Id(2)] HardeningRefusal Refusal)
{
    public bool Accepted => Status is not null && Refusal == HardeningRefusal.None;
}
