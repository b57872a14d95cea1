using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Outcomes;

/// <summary>
/// How fluent a reply is, judged by a fixed reference model — never by the model under evaluation, which a hardening
/// run changes (a hardened model must not grade itself). The score is the reply's mean NLL per token after a
/// <em>neutral</em> user turn rather than after the prompt it answered: "It is usually yellow." is a fluent sentence
/// even when it answers "What is the capital of France?", and that mismatch is what <see cref="OutcomeClass.Swap"/>
/// is for, not <see cref="OutcomeClass.Degraded"/>. Replies are re-tokenized with the reference's own tokenizer, so the
/// reference may be a different model. Must run on the thread that owns the reference model.
/// </summary>
public sealed class ReferenceFluency : IDisposable
{
    /// <summary>The user turn a reply is scored after, for chat models.</summary>
    public const string NeutralMessage = "Hello!";

    readonly LoadedModel _reference;
    readonly bool _owned;
    readonly SequenceLikelihood _likelihood;
    readonly int[] _context;

    /// <param name="owned">Whether this scorer disposes the reference (it loaded it) or borrows it.</param>
    public ReferenceFluency(LoadedModel reference, bool owned)
    {
        _reference = reference;
        _owned = owned;
        _likelihood = new SequenceLikelihood(reference.Model);
        _context = NeutralContext(reference);
    }

    public string Directory => _reference.Directory;

    /// <summary>Mean NLL (nats/token) of each reply; NaN for a reply with no tokens.</summary>
    public double[] MeanNll(IReadOnlyList<string> replies)
    {
        var scored = _likelihood.MeanNll(replies.Select(r => (_context, _reference.Tokenizer.Encode(r))).ToList());
        return scored.Select(s => s.Scored > 0 ? s.Nll : double.NaN).ToArray();
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
