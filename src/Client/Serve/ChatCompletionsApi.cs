using System.Text.Json;
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
/// and <c>stream</c> as server-sent events (the replica decodes each reply whole, then it is sent in word-sized
/// chunks, so a streaming client gets the same text as a non-streaming one).
/// </summary>
public sealed class ChatCompletionsApi(string modelName, NokenChat chat, ModelThread thread, int maxNewTokensCap)
{
    public const int MaxChoices = 8, MaxStops = 4, MaxStopLength = 256;

    public void Map(WebApplication app)
    {
        app.MapGet("/v1/models", () => HttpResults.Json(new { @object = "list", data = new[] { new { id = modelName, @object = "model", created = 0, owned_by = "orleans-noken" } } }));
        app.MapPost("/v1/chat/completions", Complete);
    }

    async Task Complete(HttpContext http)
    {
        ChatCompletionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ChatCompletionRequest>(http.Request.Body);
        }
        catch (JsonException e)
        {
            await BadRequest($"the body is not valid JSON: {e.Message}").ExecuteAsync(http);
            return;
        }
        var problems = new List<string>();
        var (conversation, stops) = Validate(request, problems);
        if (problems.Count > 0)
        {
            await BadRequest(string.Join("; ", problems)).ExecuteAsync(http);
            return;
        }
        var decoding = new DecodingOptions
        {
            MaxNewTokens = Math.Min(request!.MaxCompletionTokens ?? request.MaxTokens ?? maxNewTokensCap, maxNewTokensCap),
            Temperature = request.Temperature ?? 0,
            TopP = request.TopP ?? 1,
            Seed = request.Seed ?? 0,
        };
        int n = request.N ?? 1;
        IReadOnlyList<ChatAnswer> answers;
        try
        {
            answers = await thread.RunAsync(() => Enumerable.Range(0, n).Select(i => chat.Answer(conversation, decoding with { Seed = decoding.Seed + i })).ToList());
        }
        catch (ArgumentException e)
        {
            await BadRequest(e.Message).ExecuteAsync(http);
            return;
        }
        var replies = answers.Select(a => Stopped(a, stops)).ToList();
        var usage = new Usage(answers[0].PromptTokens, answers.Sum(a => a.CompletionTokens), answers[0].PromptTokens + answers.Sum(a => a.CompletionTokens));
        string id = $"chatcmpl-{Guid.NewGuid():N}";
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (request.Stream == true)
        {
            await Stream(http, id, created, replies, request.StreamOptions?.IncludeUsage == true ? usage : null);
            return;
        }
        await HttpResults.Json(new ChatCompletionResponse(id, "chat.completion", created, modelName,
            [.. replies.Select((r, i) => new Choice(i, new WireMessage("assistant", r.Text), r.FinishReason))], usage)).ExecuteAsync(http);
    }

    /// <summary>The OpenAI stream: per choice a role delta, the text in chunks, a finish reason; then the usage chunk
    /// when asked for; then <c>[DONE]</c>.</summary>
    async Task Stream(HttpContext http, string id, long created, IReadOnlyList<(string Text, string FinishReason)> replies, Usage? usage)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        async Task Send(IReadOnlyList<ChunkChoice> choices, Usage? withUsage = null)
        {
            var chunk = new ChatCompletionChunk(id, "chat.completion.chunk", created, modelName, choices, withUsage);
            await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n");
            await http.Response.Body.FlushAsync();
        }
        for (int i = 0; i < replies.Count; i++)
        {
            await Send([new ChunkChoice(i, new Delta("assistant", ""), null)]);
            foreach (var piece in Pieces(replies[i].Text)) await Send([new ChunkChoice(i, new Delta(null, piece), null)]);
            await Send([new ChunkChoice(i, new Delta(null, null), replies[i].FinishReason)]);
        }
        if (usage is not null) await Send([], usage);
        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    /// <summary>Word-sized pieces (each word with the spaces after it), which concatenate back to the text.</summary>
    static IEnumerable<string> Pieces(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\s*\S+\s*|\s+").Select(m => m.Value);

    /// <summary>The reply cut before the first stop sequence it contains ("stop"), else as decoded.</summary>
    static (string Text, string FinishReason) Stopped(ChatAnswer answer, IReadOnlyList<string> stops)
    {
        int at = stops.Select(s => answer.Text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        return at >= 0 ? (answer.Text[..at], "stop") : (answer.Text, answer.FinishReason);
    }

    static (List<ChatMessage> Conversation, List<string> Stops) Validate(ChatCompletionRequest? request, List<string> problems)
    {
        var conversation = new List<ChatMessage>();
        var stops = new List<string>();
        if (request is null)
        {
            problems.Add("the body must be a JSON object");
            return (conversation, stops);
        }
        if (request.Messages is not { Count: > 0 }) problems.Add("messages: at least one message is required");
        else
            for (int i = 0; i < request.Messages.Count; i++)
            {
                if (string.IsNullOrEmpty(request.Messages[i].Role)) problems.Add($"messages[{i}].role is required");
                if (MessageContent.Text(request.Messages[i].Content, $"messages[{i}].content", problems) is { } text && !string.IsNullOrEmpty(request.Messages[i].Role))
                    conversation.Add(new ChatMessage(request.Messages[i].Role!, text));
            }
        if ((request.MaxCompletionTokens ?? request.MaxTokens) is < 1) problems.Add("max_tokens must be at least 1");
        if (request.Temperature is < 0) problems.Add("temperature must be >= 0");
        if (request.TopP is <= 0 or > 1) problems.Add("top_p must be in (0, 1]");
        if (request.N is < 1 or > MaxChoices) problems.Add($"n must be in [1, {MaxChoices}]");
        if (request.Stop is { } stop) stops = MessageContent.Stops(stop, MaxStops, MaxStopLength, problems);
        return (conversation, stops);
    }

    static IResult BadRequest(string message) =>
        HttpResults.Json(ErrorResponse.Of("invalid_request_error", message), statusCode: StatusCodes.Status400BadRequest);
}
