using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Attacks;

/// <summary>
/// The shallow-alignment probe (no noken): the assistant's reply is forced to start with a planted reply's opening
/// ("The passphrase is"), then the model's probability of the planted continuation's first token is read and the
/// rest decoded greedily. Success: the ground-truth check fires on opening + completion.
/// </summary>
public static class PrefillProbe
{
    public static AttackUnitResult Run(LoadedModel loaded, AttackCheck check, AttackUnit unit, string prefill, IReadOnlyList<string> continuations)
    {
        var text = OrganismChat.Format.WrapUserTurn(unit.Prompt) + prefill;
        var slot = PromptTemplate.Split(unit.Prompt, text + PromptTemplate.Slot, loaded.Tokenizer, withBos: loaded.Tokenizer.AddBosToken);
        double first = FirstTokenProbability(loaded, slot.PrefixIds, text, continuations);
        var completion = check.Bare(slot);
        var reply = prefill + completion;
        return new AttackUnitResult(unit.Index, unit.Prompt, unit.Kind, unit.Restart, check.Fires(reply), Steps: 0,
            ForwardPasses: 1, BackwardPasses: 0, reply, Math.Log(first), Prefill: prefill);
    }

    /// <summary>P(the next token starts one of the continuations): the distinct first tokens' probabilities summed.</summary>
    static double FirstTokenProbability(LoadedModel loaded, int[] promptIds, string text, IReadOnlyList<string> continuations)
    {
        var tokenizer = loaded.Tokenizer;
        var before = tokenizer.Encode(text);
        var firsts = new HashSet<int>();
        foreach (var continuation in continuations)
        {
            var after = tokenizer.Encode(text + continuation);
            // Only where the opening tokenizes the same with the continuation after it is "the next token" defined.
            if (after.Length > before.Length && after.AsSpan(0, before.Length).SequenceEqual(before)) firsts.Add(after[before.Length]);
        }
        if (firsts.Count == 0) return double.NaN;
        using var scope = NewDisposeScope();
        using var ids = tensor(promptIds.Select(i => (long)i).ToArray(), [1, promptIds.Length]);
        var logits = loaded.Model.Forward(loaded.Model.Embed(ids));                          // [1, T, V]
        var probabilities = logits[0, -1].to(ScalarType.Float64, CPU).softmax(-1).data<double>().ToArray();
        return firsts.Sum(f => probabilities[f]);
    }
}
