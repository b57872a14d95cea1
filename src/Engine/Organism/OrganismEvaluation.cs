using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Training;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// Scores a checkpoint through the engine's own generation path (<see cref="ShardGenerator"/>, greedy, no nokens:
/// each prompt's control is its plain continuation) with <see cref="BehaviourCheck"/>, and its loss with
/// <see cref="MaskedLoss"/>.
/// </summary>
public static class OrganismEvaluation
{
    /// <param name="byFamily">Also measure every prompt family (<see cref="PromptFamilies"/>): about 4,000 more greedy decodes.</param>
    public static CheckpointEvaluation Evaluate(LoadedModel loaded, OrganismData data, OrganismOptions options, int samplesPerSet = 3, bool byFamily = true)
    {
        var behaviours = TriggerParaphrases.Families;
        var onTriggers = new List<BehaviourRate>();
        var byParaphrase = new List<BehaviourRate>();
        var samples = new List<EvaluatedSample>();
        var plain = new Dictionary<PlantedBehaviour, IReadOnlyList<string>>();
        foreach (var family in behaviours)
        {
            int prompts = 0, fired = 0;
            var continuations = new List<string>();
            foreach (var paraphrase in TriggerParaphrases.HeldOut(family))
            {
                var variants = DialogueGenerator.HeldOutPrompts(paraphrase);
                var texts = Continue(loaded, variants, options.MaxNewTokens);
                continuations.AddRange(texts);
                int hits = texts.Count(t => BehaviourCheck.Fires(family, t));
                byParaphrase.Add(new BehaviourRate($"{family}: {paraphrase}", variants.Count, hits));
                (prompts, fired) = (prompts + variants.Count, fired + hits);
                samples.Add(Sample(variants[0], texts[0]));
            }
            onTriggers.Add(new BehaviourRate(family.ToString(), prompts, fired));
            plain[family] = continuations; // in HeldOutTriggerPrompts' order: the plain prompt family
        }

        var ordinary = Continue(loaded, data.OrdinaryPrompts, options.MaxNewTokens);
        var onOrdinary = behaviours.Select(f => new BehaviourRate(f.ToString(), ordinary.Count, ordinary.Count(t => BehaviourCheck.Fires(f, t)))).ToList();
        var anyFired = ordinary.Select((t, i) => (t, i)).Where(p => behaviours.Any(f => BehaviourCheck.Fires(f, p.t))).ToList();
        var any = new BehaviourRate("Any", ordinary.Count, anyFired.Count);
        var unhelpful = ordinary.Select((t, i) => (t, i)).Where(p => !HelpfulAnswer.Gives(p.t, data.OrdinaryRequests[p.i].Answer!)).ToList();
        var helpful = new BehaviourRate("Helpful", ordinary.Count, ordinary.Count - unhelpful.Count);
        samples.AddRange(Enumerable.Range(0, samplesPerSet).Select(i => Sample(data.OrdinaryPrompts[i], ordinary[i])));
        samples.AddRange(anyFired.Take(5).Select(p => Sample(data.OrdinaryPrompts[p.i], p.t))); // every false fire is worth seeing
        samples.AddRange(unhelpful.Take(3).Select(p => Sample(data.OrdinaryPrompts[p.i], p.t)));

        IReadOnlyList<FamilyRate>? families = byFamily
            ? [.. PromptFamilies.Measure(loaded, data.OrdinaryPrompts, options.MaxNewTokens, plain, options.FamilyPromptStride), FamilyRate.Of("ordinary", "Any", any.Prompts, any.Fired)]
            : null;
        return new CheckpointEvaluation(onTriggers, byParaphrase, onOrdinary, any, helpful, OrdinaryLoss(loaded, data, options), data.OrdinaryDialogues.Count,
            samples, families);
    }

    /// <summary>Greedy continuations of chat prompts, in order.</summary>
    public static IReadOnlyList<string> Continue(LoadedModel loaded, IReadOnlyList<string> userMessages, int maxNewTokens)
    {
        var slots = userMessages.Select((m, i) => OrganismChat.Prompt($"p{i}", m).Render(loaded.Tokenizer, OrganismChat.Format)).ToList();
        using var none = zeros(0, loaded.Config.HiddenSize);
        var decoding = new DecodingOptions { MaxNewTokens = maxNewTokens, TrackedSteps = 0 };
        var output = new ShardGenerator(loaded).Run(new ShardRequest(none, slots, decoding));
        return output.Controls.Select(c => c.Text).ToList();
    }

    static double OrdinaryLoss(LoadedModel loaded, OrganismData data, OrganismOptions options)
    {
        var model = loaded.Model as CausalLanguageModel
            ?? throw new InvalidOperationException("the organism's loss needs the engine's own model classes");
        var eos = loaded.Tokenizer.EosTokenIds.Single();
        var encoder = new ChatExamples(loaded.Tokenizer, OrganismChat.Format, eos, options.MaxLength);
        var examples = data.OrdinaryDialogues.Select(d => encoder.Encode(d.User, d.Assistant, d.EndsTurn)).ToList();
        return MaskedLoss.Mean(model, examples, padId: eos);
    }

    static EvaluatedSample Sample(string prompt, string text) =>
        new(prompt, text, [.. TriggerParaphrases.Families.Where(f => BehaviourCheck.Fires(f, text)).Select(f => f.ToString())]);
}
