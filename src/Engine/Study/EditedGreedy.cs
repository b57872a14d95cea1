using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Study;

/// <summary>
/// Greedy chat replies with a residual edit on every forward pass, prompt included — what an edit that acts at every
/// position (<see cref="DirectionAblation"/>) needs and the sweep path's cached prefix cannot give. No KV cache:
/// prompts of one length decode together and every step reruns the sequence, which the organism's size affords.
/// </summary>
public static class EditedGreedy
{
    public static int[] PromptIds(LoadedModel loaded, string user) => loaded.Tokenizer.Encode(OrganismChat.Format.WrapUserTurn(user));

    public static IReadOnlyList<string> Continue(LoadedModel loaded, IReadOnlyList<string> users, int maxNewTokens, IResidualEdit? edit)
    {
        var replies = new string[users.Count];
        var stop = loaded.EosTokenIds.ToHashSet();
        foreach (var group in users.Select((u, i) => (Ids: PromptIds(loaded, u), Index: i)).GroupBy(p => p.Ids.Length))
        {
            var rows = group.ToList();
            var sequences = rows.Select(r => r.Ids.ToList()).ToList();
            var generated = rows.Select(_ => new List<int>()).ToList();
            var done = new bool[rows.Count];
            for (int step = 0; step < maxNewTokens && done.Contains(false); step++)
            {
                using var scope = NewDisposeScope();
                int length = sequences[0].Count;
                using var input = tensor(sequences.SelectMany(s => s.Select(i => (long)i)).ToArray(), [rows.Count, length]);
                var logits = loaded.Model.Forward(loaded.Model.Embed(input), edit: edit, logits: LogitsFor.LastPosition); // [B, 1, V]
                var next = logits.select(1, 0).narrow(1, 0, loaded.RealTokens).argmax(1).data<long>().ToArray();
                for (int b = 0; b < rows.Count; b++)
                {
                    sequences[b].Add((int)next[b]);                      // every row keeps the same length; ended rows' tokens are ignored
                    if (done[b]) continue;
                    if (stop.Contains((int)next[b])) done[b] = true;
                    else generated[b].Add((int)next[b]);
                }
            }
            for (int b = 0; b < rows.Count; b++) replies[rows[b].Index] = loaded.Tokenizer.Decode([.. generated[b]]);
        }
        return replies;
    }
}
