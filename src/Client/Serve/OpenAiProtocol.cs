using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Noken.Client.Serve;

// The subset of OpenAI's chat-completions wire format that red-teaming tools send and read.

public sealed record ChatCompletionRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("messages")] IReadOnlyList<RequestMessage>? Messages,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens,
    [property: JsonPropertyName("max_completion_tokens")] int? MaxCompletionTokens,
    [property: JsonPropertyName("temperature")] double? Temperature,
    [property: JsonPropertyName("top_p")] double? TopP,
    [property: JsonPropertyName("seed")] long? Seed) : ISamplingRequest
{
    [JsonIgnore] public int? TokenLimit => MaxCompletionTokens ?? MaxTokens;
    [JsonPropertyName("stream")] public bool? Stream { get; init; }
    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; init; }
    /// <summary>Choices to generate, each seeded <c>seed + index</c>.</summary>
    [JsonPropertyName("n")] public int? N { get; init; }
    /// <summary>A string or up to four strings; the reply ends before the first one it contains.</summary>
    [JsonPropertyName("stop")] public JsonElement? Stop { get; init; }
    /// <summary>Return each reply token's log-probability.</summary>
    [JsonPropertyName("logprobs")] public bool? LogProbs { get; init; }
    /// <summary>With <see cref="LogProbs"/>: also the 0 to 20 most likely tokens at each step.</summary>
    [JsonPropertyName("top_logprobs")] public int? TopLogProbs { get; init; }
    [JsonPropertyName("presence_penalty")] public double? PresencePenalty { get; init; }
    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenalty { get; init; }
    [JsonPropertyName("logit_bias")] public Dictionary<string, double>? LogitBias { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; init; }
}

public sealed record StreamOptions([property: JsonPropertyName("include_usage")] bool? IncludeUsage);

/// <summary>A request's message: its content is a string or an array of parts (<c>{"type":"text","text":…}</c>).</summary>
public sealed record RequestMessage(
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("content")] JsonElement? Content);

public sealed record WireMessage(
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("content")] string? Content);

/// <summary>One server-sent event of a streamed completion: a delta per choice, the finish reason on the last, and
/// with <c>stream_options.include_usage</c> a final chunk with no choices and the usage.</summary>
public sealed record ChatCompletionChunk(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChunkChoice> Choices,
    [property: JsonPropertyName("usage")] Usage? Usage);

public sealed record ChunkChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("delta")] Delta Delta,
    [property: JsonPropertyName("finish_reason")] string? FinishReason,
    [property: JsonPropertyName("logprobs")] ChatLogProbs? LogProbs = null);

public sealed record Delta(
    [property: JsonPropertyName("role"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content);

public sealed record ChatCompletionResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<Choice> Choices,
    [property: JsonPropertyName("usage")] Usage Usage);

public sealed record Choice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message")] WireMessage Message,
    [property: JsonPropertyName("finish_reason")] string FinishReason,
    [property: JsonPropertyName("logprobs")] ChatLogProbs? LogProbs);

public sealed record Usage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);

/// <summary>OpenAI's error shape, every field always present (<c>param</c> and <c>code</c> null when they do not
/// apply), as the official SDKs read it.</summary>
public sealed record ErrorResponse([property: JsonPropertyName("error")] ErrorBody Error)
{
    public static ErrorResponse Of(string type, string message, string? param = null, string? code = null) => new(new ErrorBody(message, type, param, code));
}

public sealed record ErrorBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);
