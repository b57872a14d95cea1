using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Outcomes;

/// <summary>
/// How fluent a reply is, judged by a fixed reference model — never by the model under evaluation, which a hardening
/// run changes (a hardened model must not grade itself). The score is the reply's mean NLL per token after the
/// prompt it answered (without the noken) or after a <em>neutral</em> user turn, whichever is lower: "It is usually
/// yellow." is a fluent sentence even when it answers "What is the capital of France?" — that mismatch is what
/// <see cref="OutcomeClass.Swap"/> is for, not <see cref="OutcomeClass.Degraded"/> — and "It is Paris." is fluent
/// after the question though not after "Hello!". Prompts and replies are tokenized with the reference's own
/// tokenizer, so the reference may be a different model. Must run on the thread that owns the reference model.
/// </summary>
public sealed class ReferenceFluency : IDisposable
{
    /// <summary>The user turn a reply is scored after, for chat models.</summary>
    public const string NeutralMessage = "Hello!";

    readonly LoadedModel _reference;
    readonly bool _owned;
    readonly SequenceLikelihood _likelihood;
    readonly int[] _neutral;
    readonly IReadOnlyList<int[]> _prompts;

    /// <param name="owned">Whether this scorer disposes the reference (it loaded it) or borrows it.</param>
    /// <param name="prompts">The campaign's prompts, rendered for the reference in the same order as for the campaign's
    /// model (every prompt at every distance).</param>
    public ReferenceFluency(LoadedModel reference, bool owned, IReadOnlyList<Campaigns.CampaignPrompt> prompts, IReadOnlyList<int> distances)
    {
        _reference = reference;
        _owned = owned;
        _likelihood = new SequenceLikelihood(reference.Model);
        _neutral = NeutralContext(reference);
        _prompts = Campaigns.RenderedPrompt.Of(reference, prompts, distances).Select(p => p.Context.ContextIds ?? []).ToList();
    }

    public string Directory => _reference.Directory;

    /// <summary>Mean NLL (nats/token) of each reply, the lower of after its prompt and after the neutral turn; NaN for a
    /// reply with no tokens.</summary>
    public double[] MeanNll(IReadOnlyList<(string Reply, int Prompt)> replies)
    {
        var ids = replies.Select(r => _reference.Tokenizer.Encode(r.Reply)).ToList();
        var sequences = ids.Select(i => (_neutral, i)).Concat(ids.Select((i, r) => (_prompts[replies[r].Prompt], i))).ToList();
        var scored = _likelihood.MeanNll(sequences);
        return replies.Select((_, r) => (scored[r], scored[replies.Count + r]) switch
        {
            ({ Scored: > 0 } a, { Scored: > 0 } b) => Math.Min(a.Nll, b.Nll),
            ({ Scored: > 0 } a, _) => a.Nll,
            (_, { Scored: > 0 } b) => b.Nll,
            _ => double.NaN,
        }).ToArray();
    }

    /// <summary>A chat model's neutral user turn and its assistant header; a plain model's BOS (if it uses one).</summary>
    static int[] NeutralContext(LoadedModel reference)
    {
        var tokenizer = reference.Tokenizer;
        ChatFormat? chat = null;
        try { chat = ChatFormat.Detect(tokenizer.ChatTemplate, reference.Directory); }
        catch (ArgumentException) { /* a plain model: no chat format */ }
        if (chat is null) return tokenizer.AddBosToken && tokenizer.BosTokenId is { } bos ? [bos] : [];
        var slot = new PromptTemplate("neutral", NeutralMessage + PromptTemplate.Slot, Chat: true).Render(tokenizer, chat);
        return [.. slot.PrefixIds, .. slot.SuffixIds];
    }

    public void Dispose()
    {
        if (_owned) _reference.Dispose();
    }
}
