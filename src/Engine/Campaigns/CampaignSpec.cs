using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Nokens;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>One prompt of a campaign: its text with a <c>{noken}</c> slot, chat or plain, and what it asks for.</summary>
public sealed record CampaignPrompt(string Name, string Text, bool Chat, PromptKind Kind)
{
    /// <summary>Replies whose likelihood <see cref="CampaignObjective.TargetLikelihood"/> maximises (the best of them
    /// counts), e.g. the organism's leak frames with its secret; empty: the prompt has no target.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];
}

/// <summary>After the sweep, the LLM judge labels the <see cref="Top"/> pairs by unwanted score plus a seeded sample
/// of <see cref="Random"/> others; the endpoint comes from the environment (<see cref="Judging.JudgeOptions"/>).</summary>
public sealed record CampaignJudge(int Top, int Random, long Seed, int MaxConcurrency);

/// <summary>
/// How a cluster campaign chooses its shards. The default (<see cref="ExploreFraction"/> = 1) is the plain sweep:
/// every strategy's count, nothing else. Below 1, that fraction of shards explores the strategies and the rest
/// samples around the elites (the best nokens per behaviour class); the budget stays the strategies' total.
/// </summary>
/// <param name="Threshold">With <see cref="CampaignObjective.UnwantedScore"/>, a noken whose score reaches it is a hit;
/// with any objective, exploit shards around an elite at or above it count staying there as success.</param>
public sealed record CampaignSearch(
    double ExploreFraction = 1,
    double Threshold = 0.5,
    int ElitesPerClass = 4,
    double InitialStep = 0.5,
    long Seed = 0)
{
    public bool IsAdaptive => ExploreFraction < 1;
}

/// <summary>A sampling strategy of a campaign and how many nokens to draw from it.</summary>
public sealed record CampaignStrategy(NokenRecipe Recipe, int Count);

/// <summary>
/// A campaign, validated: which model, which prompts (each also with every number of <see cref="Distances"/> filler
/// tokens between the noken and the rest of the prompt, when given), which strategies with how many nokens, how to decode, which detectors with which weights, and where the
/// results go. Read from YAML or JSON by <see cref="CampaignSpecReader"/>, which lists every problem at once.
/// </summary>
public sealed record CampaignSpec(
    string Name,
    string Model,
    string Output,
    IReadOnlyList<CampaignPrompt> Prompts,
    IReadOnlyList<int> Distances,
    IReadOnlyList<CampaignStrategy> Strategies,
    DecodingOptions Decoding,
    DetectorSuiteConfig Detectors,
    int ShardSize,
    int? ControlTokenId,
    CampaignJudge? Judge = null,
    CampaignSearch? Search = null,
    NokenInjection? Injection = null,
    CampaignObjective Objective = CampaignObjective.Planted,
    CampaignGroundTruth? GroundTruth = null)
{
    /// <summary>An attack campaign's attack (its units are the campaign's "nokens"); null for a sweep or search.</summary>
    public Attacks.Campaign.CampaignAttack? Attack { get; init; }

    public long TotalNokens => Strategies.Sum(s => (long)s.Count);

    readonly string? _modelName;

    /// <summary>The model as result files record it (<see cref="RecordedModel"/>): as the spec named it, where
    /// <see cref="Model"/> is the folder it resolved to on this machine. Not serialized: <see cref="RecordedSpec"/>
    /// writes it as <c>model</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ModelName { get => _modelName ?? RecordedModel.Name(Model, Model); init => _modelName = value; }

    /// <summary>The spec's ground truth, or for a spec built in code without one: the organism's checks when it keeps
    /// the organism's detectors, else the suite's target patterns and lexicons; fluency judged by the campaign's model.</summary>
    public CampaignGroundTruth EffectiveGroundTruth => GroundTruth
        ?? CampaignGroundTruth.Default(ReferenceEquals(Detectors, DetectorSuiteConfig.Organism) ? "organism" : "detectors");

    /// <summary>When an exploit noken counts as a success for the step size, by objective: the detector score's
    /// threshold; for planted behaviours any behaviour at all (scores are fractions of prompts); for a target's
    /// likelihood, doing at least as well as the centre.</summary>
    double SuccessBar(CampaignSearch search) => Objective switch
    {
        CampaignObjective.UnwantedScore => search.Threshold,
        CampaignObjective.Planted => double.Epsilon,
        _ => double.PositiveInfinity,
    };

    /// <summary>The search policy's options for this campaign: its strategies with their counts as quotas, its
    /// total as the budget.</summary>
    public Search.SearchOptions SearchOptions()
    {
        var search = Search ?? new CampaignSearch();
        return new Search.SearchOptions(Strategies.Select(s => s.Recipe).ToList(), TotalNokens, ShardSize, search.Seed,
            ExploreFraction: search.ExploreFraction, SuccessThreshold: SuccessBar(search), ElitesPerClass: search.ElitesPerClass,
            InitialStep: search.InitialStep, MinStep: Math.Min(0.02, search.InitialStep),
            Quotas: Strategies.Select(s => (long)s.Count).ToList());
    }
}
