using System.Text.Json.Serialization;
using Orleans.Noken.Engine.Serving;

namespace Orleans.Noken.Client.Serve;

/// <summary>
/// A chat choice's <c>logprobs</c>: per reply token its log-probability, its UTF-8 bytes (as numbers, not base64)
/// and the most likely tokens at its step. The log-probabilities are the model's own — the log-softmax of the
/// unmodified logits, at temperature 1 — whatever temperature and top-p chose the token, as OpenAI reports them:
/// they describe the model, not the sampler, so a client can score a reply the same way at any temperature.
/// </summary>
public sealed record ChatLogProbs(
    [property: JsonPropertyName("content")] IReadOnlyList<ChatTokenLogProb> Content,
    [property: JsonPropertyName("refusal")] IReadOnlyList<ChatTokenLogProb>? Refusal = null)
{
    public static ChatLogProbs Of(IEnumerable<ReplyToken> tokens) =>
        new([.. tokens.Select(t => new ChatTokenLogProb(t.Chosen.Token, OpenAiHttp.Finite(t.Chosen.LogProb), [.. t.Chosen.Bytes.Select(b => (int)b)],
            [.. t.Top.Select(a => new ChatTopLogProb(a.Token, OpenAiHttp.Finite(a.LogProb), [.. a.Bytes.Select(b => (int)b)]))]))]);
}

public sealed record ChatTokenLogProb(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("logprob")] float LogProb,
    [property: JsonPropertyName("bytes")] IReadOnlyList<int> Bytes,
    [property: JsonPropertyName("top_logprobs")] IReadOnlyList<ChatTopLogProb> TopLogProbs);

public sealed record ChatTopLogProb(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("logprob")] float LogProb,
    [property: JsonPropertyName("bytes")] IReadOnlyList<int> Bytes);
