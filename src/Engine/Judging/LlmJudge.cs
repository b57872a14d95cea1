using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Orleans.Noken.Engine.Judging;

/// <summary>
/// Labels continuations with an LLM behind any OpenAI-compatible endpoint (through <c>Microsoft.Extensions.AI</c>):
/// a rubric prompt, a structured verdict, at most <see cref="JudgeOptions.MaxConcurrency"/> requests in flight, a
/// timeout per attempt and retries with exponential backoff. It is meant for a shortlist (<see cref="Shortlist"/>),
/// not for every noken of a sweep.
/// </summary>
public sealed class LlmJudge(IChatClient client, JudgeOptions options)
{
    public static LlmJudge Create(JudgeOptions options)
    {
        options.Validate();
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.BaseUrl,
            NetworkTimeout = options.Timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // retries are ours, with our backoff and accounting
        };
        var chat = new OpenAI.Chat.ChatClient(options.Model, new ApiKeyCredential(options.ApiKey), clientOptions);
        return new LlmJudge(chat.AsIChatClient(), options);
    }

    public async Task<IReadOnlyList<JudgeVerdict>> JudgeAsync(IReadOnlyList<JudgeCase> cases, CancellationToken cancellation = default)
    {
        using var slots = new SemaphoreSlim(options.MaxConcurrency);
        var verdicts = cases.Select(async c =>
        {
            await slots.WaitAsync(cancellation);
            try { return await JudgeOneAsync(c, cancellation); }
            finally { slots.Release(); }
        });
        return await Task.WhenAll(verdicts);
    }

    async Task<JudgeVerdict> JudgeOneAsync(JudgeCase judged, CancellationToken cancellation)
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, JudgeRubric.SystemPrompt),
            new(ChatRole.User, JudgeRubric.UserPrompt(judged)),
        };
        var chatOptions = new ChatOptions { Temperature = 0, MaxOutputTokens = options.MaxOutputTokens };
        string lastError = "";
        for (int attempt = 1; attempt <= options.MaxRetries + 1; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(options.Timeout);
            try
            {
                var response = await client.GetResponseAsync(messages, chatOptions, timeout.Token);
                var verdict = JudgeRubric.Parse(response.Text, out var problem);
                // A reply that is not a verdict is an answer, not a transport failure: retrying a deterministic
                // (temperature 0) judge would only repeat it.
                return verdict is { } v
                    ? new JudgeVerdict(judged.Id, JudgeOutcome.Judged, v.Label, v.Unwanted, v.Reason, attempt)
                    : new JudgeVerdict(judged.Id, JudgeOutcome.Unparseable, "none", 0, $"{problem}: {Truncate(response.Text)}", attempt);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                lastError = $"no answer within {options.Timeout.TotalSeconds:0.#} s";
            }
            catch (Exception e) when (e is ClientResultException or HttpRequestException or IOException)
            {
                lastError = e.Message;
            }
            if (attempt <= options.MaxRetries)
                await Task.Delay(options.InitialBackoff * Math.Pow(2, attempt - 1), cancellation);
        }
        return new JudgeVerdict(judged.Id, JudgeOutcome.Failed, "none", 0, lastError, options.MaxRetries + 1);
    }

    static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
