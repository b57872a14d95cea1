using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Hosting;
using Orleans.Noken.Engine.Serving;
// `Results` alone would now name the Orleans.Noken.Results namespace, not ASP.NET Core's IResult factory.
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Orleans.Noken.Client.Serve;

/// <summary>
/// <c>GET /v1/models</c> and <c>POST /v1/chat/completions</c> over one model replica, as the official OpenAI clients
/// and red-teaming scanners call them: content as a string or text parts, <c>n</c> seeded choices, <c>stop</c>,
/// <c>logprobs</c> with up to <see cref="MaxTopLogProbs"/> alternatives, and <c>stream</c> as server-sent events (the
/// replica decodes each reply whole, then it is sent one token per chunk, so a streaming client gets the same text
/// and log-probabilities as a non-streaming one).
/// </summary>
public sealed class ChatCompletionsApi(string modelName, string modelDirectory, NokenChat chat, ModelThread thread, int maxNewTokensCap)
{
    /// <summary>OpenAI's own bound on <c>top_logprobs</c>.</summary>
    public const int MaxTopLogProbs = 20;

    public void Map(WebApplication app)
    {
        app.MapGet("/v1/models", () => HttpResults.Json(new { @object = "list", data = new[] { new { id = modelName, @object = "model", created = 0, owned_by = "orleans-noken" } } }));
        app.MapPost("/v1/chat/completions", Complete);
    }

    async Task Complete(HttpContext http)
    {
        if (await OpenAiHttp.ReadAsync<ChatCompletionRequest>(http) is not { } request) return;
        // A model without a chat template serves /v1/completions only; a conversation is refused before anything else.
        if (chat.Format is null)
        {
            await OpenAiHttp.BadRequest(NokenChat.NoChatFormat(modelDirectory)).ExecuteAsync(http);
            return;
        }
        var problems = new RequestProblems();
        var (conversation, stops) = Validate(request, chat.VocabularySize, problems);
        if (problems.Count > 0)
        {
            await OpenAiHttp.BadRequest(problems).ExecuteAsync(http);
            return;
        }
        bool logProbs = request.LogProbs == true;
        var decoding = Sampling.Options(request, maxNewTokensCap, maxNewTokensCap, logProbs ? request.TopLogProbs ?? 0 : 0);
        int n = request.N ?? 1;
        IReadOnlyList<ChatAnswer> answers;
        try
        {
            answers = await thread.RunAsync(() => Enumerable.Range(0, n).Select(i => chat.Answer(conversation, decoding with { Seed = decoding.Seed + i })).ToList());
        }
        catch (ArgumentException e)
        {
            await OpenAiHttp.BadRequest(e).ExecuteAsync(http);
            return;
        }
        var replies = answers.Select(a => StoppedReply.Of(a, stops)).ToList();
        var usage = new Usage(answers[0].PromptTokens, answers.Sum(a => a.CompletionTokens), answers[0].PromptTokens + answers.Sum(a => a.CompletionTokens));
        string id = $"chatcmpl-{Guid.NewGuid():N}";
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (request.Stream == true)
        {
            await Stream(http, id, created, replies, logProbs, request.StreamOptions?.IncludeUsage == true ? usage : null);
            return;
        }
        await HttpResults.Json(new ChatCompletionResponse(id, "chat.completion", created, modelName,
            [.. replies.Select((r, i) => new Choice(i, new WireMessage("assistant", r.Text), r.FinishReason, logProbs ? ChatLogProbs.Of(r.Tokens) : null))], usage)).ExecuteAsync(http);
    }

    /// <summary>The OpenAI stream: per choice a role delta, one chunk per token (its piece of the text and, when asked,
    /// its log-probabilities), a finish reason; then the usage chunk when asked for; then <c>[DONE]</c>.</summary>
    async Task Stream(HttpContext http, string id, long created, IReadOnlyList<StoppedReply> replies, bool logProbs, Usage? usage)
    {
        var events = ServerSentEvents.Start(http);
        Task Send(IReadOnlyList<ChunkChoice> choices, Usage? withUsage = null) =>
            events.SendAsync(new ChatCompletionChunk(id, "chat.completion.chunk", created, modelName, choices, withUsage));
        for (int i = 0; i < replies.Count; i++)
        {
            await Send([new ChunkChoice(i, new Delta("assistant", ""), null)]);
            // A token that ends inside a character has no text of its own; only its log-probability is news.
            foreach (var token in replies[i].Tokens.Where(t => logProbs || t.Piece.Length > 0))
                await Send([new ChunkChoice(i, new Delta(null, token.Piece), null, logProbs ? ChatLogProbs.Of([token]) : null)]);
            await Send([new ChunkChoice(i, new Delta(null, null), replies[i].FinishReason)]);
        }
        if (usage is not null) await Send([], usage);
        await events.DoneAsync();
    }

    static (List<ChatMessage> Conversation, List<string> Stops) Validate(ChatCompletionRequest request, int vocabularySize, RequestProblems problems)
    {
        var conversation = new List<ChatMessage>();
        if (request.Messages is not { Count: > 0 }) problems.Add("messages", "messages: at least one message is required", RequestProblems.Missing);
        else
            for (int i = 0; i < request.Messages.Count; i++)
            {
                if (string.IsNullOrEmpty(request.Messages[i].Role)) problems.Add($"messages[{i}].role", $"messages[{i}].role is required", RequestProblems.Missing);
                if (MessageContent.Text(request.Messages[i].Content, $"messages[{i}].content", problems) is { } text && !string.IsNullOrEmpty(request.Messages[i].Role))
                    conversation.Add(new ChatMessage(request.Messages[i].Role!, text));
            }
        var stops = Sampling.Validate(request, vocabularySize, problems);
        if (request.TopLogProbs is { } top)
        {
            if (top is < 0 or > MaxTopLogProbs) problems.Add("top_logprobs", $"top_logprobs must be in [0, {MaxTopLogProbs}]");
            // As OpenAI: alternatives without the chosen tokens' own log-probabilities are refused, not ignored.
            if (request.LogProbs != true) problems.Add("top_logprobs", "top_logprobs requires logprobs: true");
        }
        return (conversation, stops);
    }
}
