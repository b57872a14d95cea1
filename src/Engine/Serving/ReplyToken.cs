using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Serving;

/// <summary>A token (its vocabulary id, text and bytes) and its log-probability under the model, as OpenAI's
/// <c>logprobs</c> report it.</summary>
/// <param name="Token">Its text; a token that is part of a UTF-8 character is <c>bytes:\xNN…</c>, as OpenAI writes it,
/// so that two such tokens never share a text.</param>
public sealed record TokenLogProb(int Id, string Token, byte[] Bytes, float LogProb);

/// <summary>
/// One generated token of a reply: its log-probability and the most likely alternatives at its step, and the
/// <see cref="Piece"/> of the reply's text it accounts for, starting at <see cref="Offset"/>. The pieces concatenate
/// to the reply exactly — a token that ends inside a UTF-8 character has an empty piece and the token completing
/// the character carries it — so a stream of pieces is the reply, and a cut at a stop sequence knows its tokens.
/// </summary>
public sealed record ReplyToken(TokenLogProb Chosen, IReadOnlyList<TokenLogProb> Top, int Offset, string Piece)
{
    public static IReadOnlyList<ReplyToken> Of(Continuation continuation, ITextTokenizer tokenizer)
    {
        var tokens = new List<ReplyToken>(continuation.Ids.Length);
        var text = continuation.Text;
        int offset = 0;
        for (int i = 0; i < continuation.Ids.Length; i++)
        {
            // The reply decoded up to this token; while it ends mid-character it is not a prefix of the whole reply.
            var upTo = i == continuation.Ids.Length - 1 ? text : tokenizer.Decode(continuation.Ids[..(i + 1)]);
            int end = upTo.Length >= offset && text.StartsWith(upTo, StringComparison.Ordinal) ? upTo.Length : offset;
            var top = i < continuation.Alternatives.Length
                ? continuation.Alternatives[i].Ids.Zip(continuation.Alternatives[i].LogProbs, (id, logProb) => Describe(tokenizer, id, logProb)).ToList()
                : [];
            tokens.Add(new ReplyToken(Describe(tokenizer, continuation.Ids[i], continuation.LogProbs[i]), top, offset, text[offset..end]));
            offset = end;
        }
        return tokens;
    }

    static TokenLogProb Describe(ITextTokenizer tokenizer, int id, float logProb)
    {
        var bytes = tokenizer.BytesOf(id);
        string token;
        try
        {
            token = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            token = "bytes:" + string.Concat(bytes.Select(b => $"\\x{b:x2}"));
        }
        return new TokenLogProb(id, token, bytes, logProb);
    }
}
