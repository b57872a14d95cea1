using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Search;

namespace Orleans.Noken.Engine.Attacks.Crux;

/// <summary>
/// A sweep arm on one unit: the campaign path itself (<see cref="CampaignWorkload"/> under the search policy the
/// coordinator runs), on the unit's one prompt, with the sweep's five base strategies reseeded for the unit, until
/// the budget is spent or a greedy reply fires the goal's ground-truth check — the same check, on the same decode
/// path, as the attacks.
/// </summary>
public static class SweepArm
{
    const int ShardSize = 50;

    public static CruxUnitResult Run(LoadedModel loaded, AttackGoal goal, CruxArm arm, AttackUnit unit, long budget, int maxNewTokens)
    {
        var objective = arm.SweepObjective ?? throw new ArgumentException($"{arm.Name} is not a sweep arm");
        int perNoken = CruxBudget.PerNoken(objective, goal.Targets.Count);
        // Each shard also decodes its control once, and there are at most nokens / ShardSize + one per strategy shards.
        int strategies = SearchBenchmark.DefaultStrategies.Count;
        long nokens = Math.Max(1, (budget - strategies) * ShardSize / (perNoken * ShardSize + 1));
        var spec = Spec(loaded, goal, arm, unit, nokens, maxNewTokens);
        using var workload = new CampaignWorkload(spec, loaded);
        var evaluator = new FirstHit(workload, goal);
        try
        {
            SearchRun.Execute(new AdaptiveSearchPolicy(spec.SearchOptions()), evaluator, evaluator.Found);
        }
        catch (OperationCanceledException) when (evaluator.Hit is not null)
        {
            // The first ground-truth hit ends the unit, as the attacks stop at their first success.
        }
        long spent = evaluator.NokensToHit ?? evaluator.Nokens;
        long equivalents = spent * perNoken + evaluator.Shards;
        return new CruxUnitResult(arm.Name, unit.Prompt, unit.Restart, evaluator.Hit is not null, equivalents, evaluator.Hit ?? evaluator.LastReply);
    }

    static CampaignSpec Spec(LoadedModel loaded, AttackGoal goal, CruxArm arm, AttackUnit unit, long nokens, int maxNewTokens)
    {
        var objective = arm.SweepObjective!.Value;
        var prompt = new CampaignPrompt(unit.Prompt, PromptTemplate.Slot + " " + unit.Prompt, Chat: true, PromptKind.Trigger)
        {
            // Only the likelihood objective reads targets (and pays a teacher-forced pass per target for them).
            Targets = objective == CampaignObjective.TargetLikelihood ? goal.Targets : [],
        };
        var recipes = SearchBenchmark.DefaultStrategies;
        long each = nokens / recipes.Count;
        var strategies = recipes.Select((r, i) => new CampaignStrategy(r with { Seed = (long)unit.Seed * recipes.Count + i + 1 },
            (int)(each + (i < nokens % recipes.Count ? 1 : 0)))).ToList();
        return new CampaignSpec($"crux-{unit.Index}", loaded.Directory, Output: "", [prompt], Distances: [], strategies,
            new DecodingOptions { MaxNewTokens = maxNewTokens, TrackedSteps = 0 }, DetectorSuiteConfig.Organism, ShardSize,
            ControlTokenId: null,
            Search: new CampaignSearch(ExploreFraction: arm.Adaptive ? 0.3 : 1, Threshold: 0.1, Seed: unit.Seed),
            Objective: objective);
    }

    /// <summary>Scores shards through the workload and stops the search at the first reply the goal's check fires on.</summary>
    sealed class FirstHit(CampaignWorkload workload, AttackGoal goal) : IShardEvaluator
    {
        readonly CancellationTokenSource _found = new();

        public CancellationToken Found => _found.Token;
        public long Nokens { get; private set; }
        public long Shards { get; private set; }
        public long? NokensToHit { get; private set; }
        public string? Hit { get; private set; }
        public string LastReply { get; private set; } = "";

        public IReadOnlyList<NokenOutcome> Evaluate(NokenRecipe recipe, long start, int count)
        {
            var result = workload.Run(recipe, start, count);
            Shards++;
            foreach (var row in result.Rows.OrderBy(r => r.Index))
            {
                LastReply = row.Continuation;
                if (Hit is null && goal.Fires(row.Continuation))
                {
                    (Hit, NokensToHit) = (row.Continuation, Nokens + row.Index - start + 1);
                    _found.Cancel();
                }
            }
            Nokens += count;
            return result.Summary.Outcomes!;
        }
    }
}
