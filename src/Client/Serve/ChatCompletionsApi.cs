using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Hosting;
using Orleans.Noken.Engine.Serving;
// `Results` alone would now name the Orleans.Noken.Results namespace, not ASP.NET Core's IResult factory.
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Orleans.Noken.Client.Serve;

/// <summary><c>GET /v1/models</c> and <c>POST /v1/chat/completions</c> over one model replica.</summary>
public sealed class ChatCompletionsApi(string modelName, NokenChat chat, ModelThread thread, int maxNewTokensCap)
{
    public void Map(WebApplication app)
    {
        app.MapGet("/v1/models", () => HttpResults.Json(new { @object = "list", data = new[] { new { id = modelName, @object = "model", owned_by = "orleans-noken" } } }));
        app.MapPost("/v1/chat/completions", Complete);
    }

    async Task<IResult> Complete(HttpRequest http)
    {
        ChatCompletionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ChatCompletionRequest>(http.Body);
        }
        catch (JsonException e)
        {
            return BadRequest($"the body is not valid JSON: {e.Message}");
        }
        var problems = Validate(request);
        if (problems.Count > 0) return BadRequest(string.Join("; ", problems));

        var conversation = request!.Messages!.Select(m => new ChatMessage(m.Role!, m.Content!)).ToList();
        var decoding = new DecodingOptions
        {
            MaxNewTokens = Math.Min(request.MaxCompletionTokens ?? request.MaxTokens ?? maxNewTokensCap, maxNewTokensCap),
            Temperature = request.Temperature ?? 0,
            TopP = request.TopP ?? 1,
            Seed = request.Seed ?? 0,
        };
        ChatAnswer answer;
        try
        {
            answer = await thread.RunAsync(() => chat.Answer(conversation, decoding));
        }
        catch (ArgumentException e)
        {
            return BadRequest(e.Message);
        }
        return HttpResults.Json(new ChatCompletionResponse(
            $"chatcmpl-{Guid.NewGuid():N}", "chat.completion", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), modelName,
            [new Choice(0, new WireMessage("assistant", answer.Text), answer.FinishReason)],
            new Usage(answer.PromptTokens, answer.CompletionTokens, answer.PromptTokens + answer.CompletionTokens)));
    }

    static List<string> Validate(ChatCompletionRequest? request)
    {
        var problems = new List<string>();
        if (request is null) return ["the body must be a JSON object"];
        if (request.Messages is not { Count: > 0 }) problems.Add("messages: at least one message is required");
        else
            for (int i = 0; i < request.Messages.Count; i++)
            {
                if (string.IsNullOrEmpty(request.Messages[i].Role)) problems.Add($"messages[{i}].role is required");
                if (request.Messages[i].Content is null) problems.Add($"messages[{i}].content is required (a string)");
            }
        if ((request.MaxCompletionTokens ?? request.MaxTokens) is < 1) problems.Add("max_tokens must be at least 1");
        if (request.Temperature is < 0) problems.Add("temperature must be >= 0");
        if (request.TopP is <= 0 or > 1) problems.Add("top_p must be in (0, 1]");
        return problems;
    }

    static IResult BadRequest(string message) =>
        HttpResults.Json(ErrorResponse.Of("invalid_request_error", message), statusCode: StatusCodes.Status400BadRequest);
}
