using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Hardening;

namespace Orleans.Noken.Grains;

/// <summary>
/// Everything about a hardening submission that can be checked before a silo spends a lease on it, each problem named
/// by its API field; and the engine's defaults for what the submission leaves out.
/// </summary>
public static class HardeningSubmissionCheck
{
    static readonly HardeningOptions Defaults = new();
    static readonly HardeningInputs InputDefaults = new();

    /// <param name="options">Where model names resolve on the silos (<see cref="CampaignOptions.ModelsRoot"/>) and the
    /// bounds on each field (<see cref="CampaignOptions.Hardening"/>).</param>
    public static IReadOnlyList<string> Problems(HardeningSubmission submission, CampaignOptions options)
    {
        var problems = new List<string>();
        var limits = options.Hardening;
        if (CampaignIds.Problem(submission.Campaign) is { } campaign) problems.Add("campaign" + campaign["id".Length..]);
        if (submission.Threshold is { } threshold && !double.IsFinite(threshold)) problems.Add($"threshold: {threshold} is not a number");
        Bounded(submission.MaxNokens, "maxNokens", 1, limits.MaxNokens, problems);
        Bounded(submission.Steps, "steps", 1, limits.MaxSteps, problems);
        if (submission.LearningRate is { } lr && !(double.IsFinite(lr) && lr > 0)) problems.Add($"learningRate: {lr} must be a positive number");
        if (submission.CleanWeight is { } clean && !(double.IsFinite(clean) && clean >= 0)) problems.Add($"cleanWeight: {clean} must be 0 or more");
        if (submission.AdversarialEvery is < 0) problems.Add($"adversarialEvery: {submission.AdversarialEvery} must be 0 (off) or more");
        Bounded(submission.AdversarialNokens, "adversarialNokens", 1, Math.Min(limits.MaxAdversarialNokens, Defaults.AdversarialPool), problems);
        Bounded(submission.AscentSteps, "ascentSteps", 1, limits.MaxAscentSteps, problems);
        if (submission.Model is { Length: > 0 }) Model(submission, options, problems);
        return problems;
    }

    /// <summary>The folder of the job's own model (null: the campaign's), resolved as a submitted spec's model is (<see cref="CampaignOptions.Models"/>):
    /// an embedded name or a folder inside the models root, else one problem that does not say what exists.</summary>
    public static string? Model(HardeningSubmission submission, CampaignOptions options, List<string> problems) =>
        string.IsNullOrEmpty(submission.Model) ? null : options.Models().Resolve(submission.Model, "model", problems);

    static void Bounded(int? value, string field, int minimum, int maximum, List<string> problems)
    {
        if (value < minimum) problems.Add($"{field}: {value} must be at least {minimum}");
        else if (value > maximum) problems.Add($"{field}: {value:N0} must be at most {maximum:N0}");
    }

    public static int Steps(HardeningSubmission submission) => submission.Steps ?? Defaults.Steps;

    /// <summary>The engine's options for the submission; progress is logged about 20 times over the run (the job's
    /// status moves more often: the worker asks for progress every few seconds too).</summary>
    public static HardeningOptions Options(HardeningSubmission submission)
    {
        int steps = Steps(submission);
        return Defaults with
        {
            Steps = steps,
            Seed = submission.Seed ?? Defaults.Seed,
            PeakLearningRate = submission.LearningRate ?? Defaults.PeakLearningRate,
            CleanWeight = submission.CleanWeight ?? Defaults.CleanWeight,
            AdversarialEvery = submission.AdversarialEvery ?? Defaults.AdversarialEvery,
            AdversarialNokens = submission.AdversarialNokens ?? Defaults.AdversarialNokens,
            AscentSteps = submission.AscentSteps ?? Defaults.AscentSteps,
            ReportEvery = Math.Max(1, steps / 20),
        };
    }

    /// <summary>The engine's inputs for the submission: on a cluster, clean dialogues are always the organism's own.</summary>
    public static HardeningInputs Inputs(HardeningSubmission submission) =>
        new(submission.Threshold ?? InputDefaults.Threshold, submission.MaxNokens ?? InputDefaults.MaxNokens);
}
