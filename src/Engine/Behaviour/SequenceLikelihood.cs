using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Behaviour;

/// <summary>
/// Mean negative log-likelihood per token of id sequences under a clean model (no noken anywhere), each after an
/// optional context. Sequences are sorted by length and run in batches bounded by a logits budget (rows × length ×
/// vocabulary), right-padded: the model is causal, so padding after a row never changes that row's scores.
/// Must run on the model replica's thread.
/// </summary>
public sealed class SequenceLikelihood(ICausalLanguageModel model, long logitsBudget = 1L << 25)
{
    /// <summary>Mean NLL (nats/token) of each <c>Ids</c> after its <c>Context</c>, with the number of tokens scored;
    /// tokens with nothing before them cannot be scored, so a row without context loses its first token.</summary>
    public (double Nll, int Scored)[] MeanNll(IReadOnlyList<(int[] Context, int[] Ids)> sequences)
    {
        var results = new (double, int)[sequences.Count];
        int max = model.Config.MaxPositions;
        var rows = sequences.Select((s, i) => (Index: i, Row: Fit(s.Context, s.Ids, max)))
            .Where(r => r.Row.Ids.Length > 0).OrderBy(r => r.Row.Context.Length + r.Row.Ids.Length).ToList();
        int vocab = model.Config.VocabSize;
        for (int start = 0; start < rows.Count;)
        {
            int length = rows[start].Row.Context.Length + rows[start].Row.Ids.Length;
            int end = start + 1;
            // Grow the batch while its padded logits stay within budget (rows are sorted, so the last is longest).
            while (end < rows.Count)
            {
                int longest = rows[end].Row.Context.Length + rows[end].Row.Ids.Length;
                if ((long)(end - start + 1) * longest * vocab > logitsBudget) break;
                length = longest;
                end++;
            }
            Score(rows.GetRange(start, end - start), length, results);
            start = end;
        }
        return results;
    }

    /// <summary>Keeps the continuation whole when it fits and trims the context from the left, since the tokens
    /// nearest the continuation condition it most.</summary>
    static (int[] Context, int[] Ids) Fit(int[] context, int[] ids, int max)
    {
        if (ids.Length >= max) return ([], ids[..max]);
        int room = max - ids.Length;
        return (context.Length > room ? context[^room..] : context, ids);
    }

    void Score(List<(int Index, (int[] Context, int[] Ids) Row)> batch, int length, (double, int)[] results)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var flat = new long[batch.Count * length];
        for (int r = 0; r < batch.Count; r++)
        {
            var (context, ids) = batch[r].Row;
            for (int t = 0; t < context.Length; t++) flat[r * length + t] = context[t];
            for (int t = 0; t < ids.Length; t++) flat[r * length + context.Length + t] = ids[t];
        }
        var input = torch.tensor(flat, [batch.Count, length], ScalarType.Int64);             // [B, T]
        var logits = model.Forward(model.Embed(input), logits: LogitsFor.AllPositions);      // [B, T, V]
        var logProbs = logits.log_softmax(-1);
        var next = input.narrow(1, 1, length - 1).unsqueeze(-1).to(logProbs.device);         // [B, T-1, 1]
        var chosen = logProbs.narrow(1, 0, length - 1).gather(2, next).squeeze(-1)           // [B, T-1]
            .to(ScalarType.Float32).cpu().data<float>().ToArray();
        for (int r = 0; r < batch.Count; r++)
        {
            var (context, ids) = batch[r].Row;
            // Position p's logits predict token p + 1; the continuation spans [C, C + L).
            int first = Math.Max(context.Length, 1), last = context.Length + ids.Length - 1;
            double sum = 0;
            for (int p = first; p <= last; p++) sum -= chosen[r * (length - 1) + p - 1];
            int scored = last - first + 1;
            results[batch[r].Index] = (scored > 0 ? sum / scored : 0, Math.Max(scored, 0));
        }
    }
}
