using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;

namespace Orleans.Noken.Engine.Attacks;

/// <summary>
/// Runs an attack over its independent units — every held-out trigger paraphrase of the goal and every benign prompt,
/// times the restarts (for the prefill probe: times the reply openings) — and reports successes per unit. Each unit
/// is seeded from the options' seed and its index alone, so any unit can be rerun on its own and gives the same
/// result. One thread: the caller's, which owns the model.
/// </summary>
public static class AttackRun
{
    /// <summary>What every unit of an attack on this model shares and costs a pass over the vocabulary to find: the
    /// real tokens' norm shell and the tokens an optimiser never places. Only the optimisers need them; the prefill
    /// probe places nothing.</summary>
    public sealed record Preparation(NormShell? Shell, IReadOnlySet<int> Forbidden);

    public static Preparation Prepare(LoadedModel loaded, AttackOptions options)
    {
        if (options.Method == AttackMethod.Prefill) return new Preparation(null, new HashSet<int>());
        using var statistics = EmbeddingStatistics.Of(loaded);
        return new Preparation(NormShell.Of(statistics), ForbiddenTokens(loaded));
    }

    /// <param name="only">Run just these units (by index), e.g. to rerun one.</param>
    /// <param name="prepared">From <see cref="Prepare"/> with the same model and method, when running many shards of one attack.</param>
    /// <param name="cancellation">Checked before every unit and every optimisation step (a cancelled campaign frees the
    /// model thread within one step, as a decode does within one decoding step): throws <see cref="OperationCanceledException"/>.</param>
    public static AttackReport Execute(LoadedModel loaded, AttackGoal goal, AttackOptions options, Action<AttackUnitResult>? progress = null,
        IReadOnlySet<int>? only = null, Preparation? prepared = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var model = loaded.Model as CausalLanguageModel
            ?? throw new ArgumentException("attacks need gradients: the engine's own model classes");
        var check = new AttackCheck(loaded, goal, options.MaxNewTokens);
        var targets = goal.Targets.Select(t => loaded.Tokenizer.Encode(t)).ToList();
        bool optimising = options.Method != AttackMethod.Prefill;
        var (shell, forbidden) = prepared ?? Prepare(loaded, options);

        var results = new List<AttackUnitResult>();
        using (new FrozenWeights(model))
        {
            foreach (var unit in Units(loaded, goal, options).Where(u => only is null || only.Contains(u.Index)))
            {
                cancellation.ThrowIfCancellationRequested();
                var result = optimising
                    ? Optimise(loaded, check, unit, Optimiser(model, unit, targets, shell!, forbidden, loaded.RealTokens, options), options, cancellation)
                    : PrefillProbe.Run(loaded, check, unit, goal.Prefills[unit.Restart].Prefill, goal.Prefills[unit.Restart].Continuations);
                results.Add(result);
                progress?.Invoke(result);
            }
        }
        return AttackReport.Of(goal, options, results);
    }

    /// <summary>How many units the attack has, without a model: what a coordinator leases.</summary>
    public static int UnitCount(AttackGoal goal, AttackOptions options) =>
        (goal.TriggerPrompts.Count + AttackGoal.BenignPrompts.Count) * PerPrompt(goal, options);

    static int PerPrompt(AttackGoal goal, AttackOptions options) => options.Method == AttackMethod.Prefill ? goal.Prefills.Count : options.Restarts;

    /// <summary>The prompt with the slot where the sweeps place a noken: right before the request, inside the user's turn.</summary>
    public static PromptSlot SlotOf(LoadedModel loaded, string prompt) =>
        new PromptTemplate(prompt, PromptTemplate.Slot + " " + prompt, Chat: true).Render(loaded.Tokenizer, OrganismChat.Format);

    /// <summary>Every unit in order: trigger paraphrases first, then benign prompts; restarts innermost.</summary>
    public static IReadOnlyList<AttackUnit> Units(LoadedModel loaded, AttackGoal goal, AttackOptions options)
    {
        int perPrompt = PerPrompt(goal, options);
        var prompts = goal.TriggerPrompts.Select(p => (p, AttackUnit.Trigger)).Concat(AttackGoal.BenignPrompts.Select(p => (p, AttackUnit.Benign)));
        var units = new List<AttackUnit>();
        foreach (var (prompt, kind) in prompts)
        {
            var slot = SlotOf(loaded, prompt);
            for (int r = 0; r < perPrompt; r++)
            {
                int index = units.Count;
                units.Add(new AttackUnit(index, prompt, kind, r, slot, UnitSeed(options.Seed, index)));
            }
        }
        return units;
    }

    /// <summary>A seed from (attack seed, unit) that is the same in every process (HashCode is randomised per process).</summary>
    static int UnitSeed(long seed, int index)
    {
        ulong x = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL;
        x ^= x >> 31; x *= 0xBF58476D1CE4E5B9UL; x ^= x >> 27;
        return (int)(x & int.MaxValue);
    }

    static SlotOptimiser Optimiser(CausalLanguageModel model, AttackUnit unit, IReadOnlyList<int[]> targets, NormShell shell,
        IReadOnlySet<int> forbidden, int vocabulary, AttackOptions options)
    {
        var random = new Random(unit.Seed);
        var start = new int[options.Nokens];
        for (int i = 0; i < start.Length; i++)
            do start[i] = random.Next(vocabulary); while (forbidden.Contains(start[i]));
        return options.Method == AttackMethod.Gcg
            ? new TextAttack(model, unit.Slot, targets, start, forbidden, vocabulary, options.TopK, options.Candidates, random)
            : new EmbeddingAttack(model, unit.Slot, targets, start, shell, options.Constraint == AttackConstraint.Shell, options.LearningRate);
    }

    /// <summary>Steps until the greedy reply through the sweep path fires the ground-truth check, or the budget ends.</summary>
    static AttackUnitResult Optimise(LoadedModel loaded, AttackCheck check, AttackUnit unit, SlotOptimiser optimiser, AttackOptions options,
        CancellationToken cancellation)
    {
        long decodesBefore = check.Decodes;
        double logProb = double.NaN;
        string reply = "";
        int step = 0;
        bool success = false;
        long Spent() => Crux.CruxBudget.Attack(optimiser.ForwardPasses + check.Decodes - decodesBefore, optimiser.BackwardPasses);
        // A step (and the check it may end with) is not started unless the budget covers another like the last.
        long lastStep = 0;
        bool Exhausted() => options.Budget > 0 && Spent() + lastStep > options.Budget;
        while (step < options.Steps && !success && !Exhausted())
        {
            cancellation.ThrowIfCancellationRequested();
            long before = Spent();
            logProb = optimiser.Step();
            step++;
            if (step % options.CheckEvery == 0 || step == options.Steps || Exhausted())
            {
                reply = check.Reply(unit.Slot, optimiser.Current);
                success = check.Fires(reply);
            }
            lastStep = Math.Max(lastStep, Spent() - before);
        }
        var tokens = optimiser.Tokens;
        return new AttackUnitResult(unit.Index, unit.Prompt, unit.Kind, unit.Restart, success, step,
            optimiser.ForwardPasses + check.Decodes - decodesBefore, optimiser.BackwardPasses, reply, logProb,
            Vectors: tokens is null ? optimiser.Current : null, TokenIds: tokens,
            Text: tokens is null ? null : loaded.Tokenizer.Decode(tokens));
    }

    /// <summary>Tokens an attack never places: the special ones (end of text, chat markers, BOS).</summary>
    public static HashSet<int> ForbiddenTokens(LoadedModel loaded)
    {
        var forbidden = new HashSet<int>(loaded.EosTokenIds);
        if (loaded.Tokenizer.BosTokenId is { } bos) forbidden.Add(bos);
        for (int id = 0; id < loaded.RealTokens; id++)
            if (loaded.Tokenizer.Decode([id]) is var text && (text.Length == 0 || text.StartsWith("<|", StringComparison.Ordinal))) forbidden.Add(id);
        return forbidden;
    }
}
