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

    /// <param name="modelsRoot">Where model names resolve on the silos (<see cref="CampaignOptions.ModelsRoot"/>).</param>
    public static IReadOnlyList<string> Problems(HardeningSubmission submission, string modelsRoot)
    {
        var problems = new List<string>();
        if (CampaignIds.Problem(submission.Campaign) is { } campaign) problems.Add("campaign" + campaign["id".Length..]);
        if (submission.Threshold is { } threshold && !double.IsFinite(threshold)) problems.Add($"threshold: {threshold} is not a number");
        if (submission.MaxNokens is < 1) problems.Add($"maxNokens: {submission.MaxNokens} must be at least 1");
        if (submission.Steps is < 1) problems.Add($"steps: {submission.Steps} must be at least 1");
        if (submission.LearningRate is { } lr && !(double.IsFinite(lr) && lr > 0)) problems.Add($"learningRate: {lr} must be a positive number");
        if (submission.CleanWeight is { } clean && !(double.IsFinite(clean) && clean >= 0)) problems.Add($"cleanWeight: {clean} must be 0 or more");
        if (submission.AdversarialEvery is < 0) problems.Add($"adversarialEvery: {submission.AdversarialEvery} must be 0 (off) or more");
        if (submission.AdversarialNokens is < 1) problems.Add($"adversarialNokens: {submission.AdversarialNokens} must be at least 1");
        if (submission.AscentSteps is < 1) problems.Add($"ascentSteps: {submission.AscentSteps} must be at least 1");
        if (submission.Model is { Length: > 0 } model && EmbeddedModels.Resolve(model, modelsRoot) is var folder && !Directory.Exists(folder))
            problems.Add($"model: the folder '{folder}' does not exist");
        return problems;
    }

    public static int Steps(HardeningSubmission submission) => submission.Steps ?? Defaults.Steps;

    /// <summary>The engine's options for the submission; progress is reported about 20 times over the run.</summary>
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
