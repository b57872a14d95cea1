using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orleans.Noken.Engine.Hosting;
using Orleans.Noken.Engine.Serving;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Orleans.Noken.Client.Serve;

/// <summary>
/// <c>POST /v1/completions</c>, the legacy text endpoint: each prompt is raw text continued with no chat template
/// (the noken, when the server has one, goes at the prompt's <c>{noken}</c> slot or at its end, as chat puts it in
/// the last user turn). A prompt or an array of prompts, <c>n</c> seeded choices of each (choice <c>p·n + j</c> is
/// prompt p's j-th), the chat endpoint's sampling bounds and stop sequences, <c>logprobs</c> 0 to
/// <see cref="MaxLogProbs"/> in the legacy shape, and <c>stream</c> as server-sent <c>text_completion</c> chunks.
/// </summary>
public sealed class CompletionsApi(string modelName, NokenChat chat, ModelThread thread, int maxNewTokensCap)
{
    /// <summary>OpenAI's own bound on the legacy <c>logprobs</c>.</summary>
    public const int MaxLogProbs = 5;

    /// <summary>OpenAI's default <c>max_tokens</c> for legacy completions (still capped by the server).</summary>
    public const int DefaultMaxTokens = 16;

    public void Map(WebApplication app) => app.MapPost("/v1/completions", Complete);

    async Task Complete(HttpContext http)
    {
        if (await OpenAiHttp.ReadAsync<CompletionRequest>(http) is not { } request) return;
        var problems = new RequestProblems();
        var (prompts, stops) = Validate(request, chat.VocabularySize, problems);
        if (problems.Count > 0)
        {
            await OpenAiHttp.BadRequest(problems).ExecuteAsync(http);
            return;
        }
        var decoding = Sampling.Options(request, DefaultMaxTokens, maxNewTokensCap, request.LogProbs ?? 0);
        int n = request.N ?? 1;
        IReadOnlyList<ChatAnswer> answers;
        try
        {
            answers = await thread.RunAsync(() =>
                (from p in Enumerable.Range(0, prompts.Count)
                 from j in Enumerable.Range(0, n)
                 select chat.Complete(prompts[p], decoding with { Seed = decoding.Seed + j }, prompts.Count == 1 ? "prompt" : $"prompt[{p}]")).ToList());
        }
        catch (ArgumentException e)
        {
            await OpenAiHttp.BadRequest(e).ExecuteAsync(http);
            return;
        }
        var replies = answers.Select(a => StoppedReply.Of(a, stops)).ToList();
        int promptTokens = answers.Where((_, i) => i % n == 0).Sum(a => a.PromptTokens), completionTokens = answers.Sum(a => a.CompletionTokens);
        var usage = new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
        string id = $"cmpl-{Guid.NewGuid():N}";
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        bool logProbs = request.LogProbs is not null;
        if (request.Stream == true)
        {
            await Stream(http, id, created, replies, logProbs, request.StreamOptions?.IncludeUsage == true ? usage : null);
            return;
        }
        await HttpResults.Json(new CompletionResponse(id, "text_completion", created, modelName,
            [.. replies.Select((r, i) => new CompletionChoice(r.Text, i, logProbs ? Legacy(r.Tokens) : null, r.FinishReason))], usage)).ExecuteAsync(http);
    }

    /// <summary>Per choice one chunk per token (its piece, and when asked its log-probabilities with its offset in the
    /// choice's text), then an empty chunk with the finish reason; the usage chunk when asked for; <c>[DONE]</c>.</summary>
    async Task Stream(HttpContext http, string id, long created, IReadOnlyList<StoppedReply> replies, bool logProbs, Usage? usage)
    {
        var events = ServerSentEvents.Start(http);
        Task Send(IReadOnlyList<CompletionChoice> choices, Usage? withUsage = null) =>
            events.SendAsync(new CompletionResponse(id, "text_completion", created, modelName, choices, withUsage));
        for (int i = 0; i < replies.Count; i++)
        {
            foreach (var token in replies[i].Tokens.Where(t => logProbs || t.Piece.Length > 0))
                await Send([new CompletionChoice(token.Piece, i, logProbs ? Legacy([token]) : null, null)]);
            await Send([new CompletionChoice("", i, null, replies[i].FinishReason)]);
        }
        if (usage is not null) await Send([], usage);
        await events.DoneAsync();
    }

    static LegacyLogProbs Legacy(IReadOnlyList<ReplyToken> tokens) => new(
        [.. tokens.Select(t => t.Chosen.Token)],
        [.. tokens.Select(t => OpenAiHttp.Finite(t.Chosen.LogProb))],
        [.. tokens.Select(TopOf)],
        [.. tokens.Select(t => t.Offset)]);

    /// <summary>The alternatives by text, most likely first (two ids with one text keep the likelier), and the chosen
    /// token, which OpenAI always lists even when it is not among them.</summary>
    static IReadOnlyDictionary<string, float> TopOf(ReplyToken token)
    {
        var top = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var alternative in token.Top) top.TryAdd(alternative.Token, OpenAiHttp.Finite(alternative.LogProb));
        top.TryAdd(token.Chosen.Token, OpenAiHttp.Finite(token.Chosen.LogProb));
        return top;
    }

    static (List<string> Prompts, List<string> Stops) Validate(CompletionRequest request, int vocabularySize, RequestProblems problems)
    {
        var prompts = Prompts(request.Prompt, problems);
        var stops = Sampling.Validate(request, vocabularySize, problems);
        if (request.N is null or (>= 1 and <= Sampling.MaxChoices) && prompts.Count * (request.N ?? 1) > Sampling.MaxChoices)
            problems.Add("n", $"prompts × n must be at most {Sampling.MaxChoices} (the replica decodes every choice in turn)");
        if (request.LogProbs is < 0 or > MaxLogProbs) problems.Add("logprobs", $"logprobs must be in [0, {MaxLogProbs}]");
        if (request.Echo == true) problems.Add("echo", "echo is not supported (the reply does not repeat the prompt)", RequestProblems.Unsupported);
        if (request.BestOf is { } bestOf && bestOf != 1) problems.Add("best_of", "best_of is not supported (only 1)", RequestProblems.Unsupported);
        if (!string.IsNullOrEmpty(request.Suffix)) problems.Add("suffix", "suffix is not supported (no insertion; the prompt is continued)", RequestProblems.Unsupported);
        return (prompts, stops);
    }

    /// <summary>A string or an array of strings; token-id prompts (OpenAI's other two shapes) are refused by name.</summary>
    static List<string> Prompts(JsonElement? prompt, RequestProblems problems)
    {
        switch (prompt)
        {
            case { ValueKind: JsonValueKind.String } text:
                return [text.GetString()!];
            case { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() is > 0 and <= Sampling.MaxChoices && array.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String):
                return [.. array.EnumerateArray().Select(p => p.GetString()!)];
            case { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 && array.EnumerateArray().All(p => p.ValueKind is JsonValueKind.Number or JsonValueKind.Array):
                problems.Add("prompt", "prompt: token-id prompts are not supported; send the text");
                return [];
            case { ValueKind: JsonValueKind.Array } array when array.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String):
                problems.Add("prompt", $"prompt: 1 to {Sampling.MaxChoices} strings");
                return [];
            case null or { ValueKind: JsonValueKind.Null }:
                problems.Add("prompt", "prompt is required (a string or an array of strings)", RequestProblems.Missing);
                return [];
            default:
                problems.Add("prompt", "prompt must be a string or an array of strings");
                return [];
        }
    }
}
