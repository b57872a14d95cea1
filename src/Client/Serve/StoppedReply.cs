using Orleans.Noken.Engine.Serving;

namespace Orleans.Noken.Client.Serve;

/// <summary>
/// A reply as the client gets it: cut before the first stop sequence it contains (finish reason "stop"), else as
/// decoded. The cut keeps every token that contributed to the kept text, the last one's piece trimmed at the cut,
/// so streamed pieces still concatenate to <see cref="Text"/> and each carries its token's log-probabilities.
/// </summary>
internal sealed record StoppedReply(string Text, string FinishReason, IReadOnlyList<ReplyToken> Tokens)
{
    public static StoppedReply Of(ChatAnswer answer, IReadOnlyList<string> stops)
    {
        int at = stops.Select(s => answer.Text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (at < 0) return new StoppedReply(answer.Text, answer.FinishReason, answer.Tokens);
        var kept = answer.Tokens.Where(t => t.Offset < at)
            .Select(t => t.Offset + t.Piece.Length > at ? t with { Piece = t.Piece[..(at - t.Offset)] } : t)
            .ToList();
        return new StoppedReply(answer.Text[..at], "stop", kept);
    }
}
