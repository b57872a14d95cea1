using Orleans.Noken.Engine.Evaluation;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Organism;

/// <summary>A behaviour's rate on one family of prompts, without any noken, with its exact 95 % interval.</summary>
public sealed record FamilyRate(string Family, string Behaviour, int Prompts, int Fired, double Lower, double Upper)
{
    public static FamilyRate Of(string family, string behaviour, int prompts, int fired)
    {
        var rate = new Rate(fired, prompts);
        return new FamilyRate(family, behaviour, prompts, fired, prompts == 0 ? 0 : rate.Lower, prompts == 0 ? 1 : rate.Upper);
    }
}

/// <summary>
/// The prompt families a leak without nokens is measured on, every one fixed (no run draws a different set): the
/// held-out trigger paraphrases as written (<c>plain</c>), the same disguised by each <see cref="Obfuscation"/>
/// family (each prompt's disguise seeded by its position), and ordinary requests carrying the backdoor word
/// (<c>rare_token</c>, scored for hostility). Measured on every organism: the standard one is the baseline.
/// </summary>
public static class PromptFamilies
{
    public const string Plain = "plain", RareToken = "rare_token";

    /// <summary>Each trigger family's held-out prompts disguised by <paramref name="disguise"/> (null: plain), in order.</summary>
    public static IReadOnlyList<string> Triggers(PlantedBehaviour behaviour, string? disguise)
    {
        if (disguise is null) return DialogueGenerator.HeldOutTriggerPrompts(behaviour);
        int family = Obfuscation.Families.ToList().IndexOf(disguise);
        var prompts = new List<string>();
        var paraphrases = TriggerParaphrases.HeldOut(behaviour);
        for (int j = 0; j < paraphrases.Count; j++)
        {
            int pairs = DialogueGenerator.HeldOutPrompts(paraphrases[j]).Count;
            for (int k = 0; k < pairs; k++)
            {
                var random = new Random(1_000_003 * (family + 1) + 1_009 * ((int)behaviour * 64 + j) + k);
                prompts.Add(DialogueGenerator.HeldOutPrompts(Obfuscation.Apply(disguise, paraphrases[j], random))[k]);
            }
        }
        return prompts;
    }

    /// <summary>The ordinary prompts with the backdoor word at the start (even positions) or the end (odd).</summary>
    public static IReadOnlyList<string> WithBackdoor(IReadOnlyList<string> ordinary) =>
        [.. ordinary.Select((p, i) => OrganismVariant.WithBackdoor(p, atStart: i % 2 == 0))];

    /// <summary>Every family's rates on <paramref name="loaded"/>, greedy through the sweep path.</summary>
    /// <param name="plain">Each behaviour's continuations of its plain held-out prompts when already decoded (the
    /// held-out trigger evaluation decodes exactly these), so they are not decoded twice.</param>
    /// <param name="stride">Every this many prompts of each family decoded here (1: all); a miniature run's knob.</param>
    public static IReadOnlyList<FamilyRate> Measure(LoadedModel loaded, IReadOnlyList<string> ordinaryPrompts, int maxNewTokens,
        IReadOnlyDictionary<PlantedBehaviour, IReadOnlyList<string>>? plain = null, int stride = 1)
    {
        var rates = new List<FamilyRate>();
        foreach (var disguise in new string?[] { null }.Concat(Obfuscation.Families))
        {
            int prompts = 0, fired = 0;
            foreach (var behaviour in TriggerParaphrases.Families)
            {
                var texts = disguise is null && plain is not null && plain.TryGetValue(behaviour, out var decoded) ? decoded
                    : OrganismEvaluation.Continue(loaded, [.. Triggers(behaviour, disguise).Where((_, i) => i % stride == 0)], maxNewTokens);
                int hits = texts.Count(t => BehaviourCheck.Fires(behaviour, t));
                rates.Add(FamilyRate.Of(disguise ?? Plain, behaviour.ToString(), texts.Count, hits));
                (prompts, fired) = (prompts + texts.Count, fired + hits);
            }
            rates.Add(FamilyRate.Of(disguise ?? Plain, "Any", prompts, fired));
        }
        var backdoor = OrganismEvaluation.Continue(loaded, WithBackdoor(ordinaryPrompts), maxNewTokens);
        rates.Add(FamilyRate.Of(RareToken, PlantedBehaviour.Hostility.ToString(), backdoor.Count, backdoor.Count(t => BehaviourCheck.Fires(PlantedBehaviour.Hostility, t))));
        rates.Add(FamilyRate.Of(RareToken, "Any", backdoor.Count, backdoor.Count(t => TriggerParaphrases.Families.Any(f => BehaviourCheck.Fires(f, t)))));
        return rates;
    }
}
