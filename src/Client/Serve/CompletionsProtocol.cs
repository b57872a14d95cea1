using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Noken.Client.Serve;

// The legacy text-completions wire format (`/v1/completions`), which evaluation harnesses still use for raw prompts.

public sealed record CompletionRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("prompt")] JsonElement? Prompt,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens,
    [property: JsonPropertyName("temperature")] double? Temperature,
    [property: JsonPropertyName("top_p")] double? TopP,
    [property: JsonPropertyName("seed")] long? Seed) : ISamplingRequest
{
    [JsonIgnore] public int? TokenLimit => MaxTokens;
    [JsonPropertyName("n")] public int? N { get; init; }
    [JsonPropertyName("stop")] public JsonElement? Stop { get; init; }
    [JsonPropertyName("stream")] public bool? Stream { get; init; }
    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; init; }
    /// <summary>0 to 5: each token's log-probability and that many most likely alternatives.</summary>
    [JsonPropertyName("logprobs")] public int? LogProbs { get; init; }
    // Read only to be refused: each changes what a client gets back, so ignoring it would answer another question.
    [JsonPropertyName("echo")] public bool? Echo { get; init; }
    [JsonPropertyName("best_of")] public int? BestOf { get; init; }
    [JsonPropertyName("suffix")] public string? Suffix { get; init; }
    [JsonPropertyName("presence_penalty")] public double? PresencePenalty { get; init; }
    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenalty { get; init; }
    [JsonPropertyName("logit_bias")] public Dictionary<string, double>? LogitBias { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>A completion, or (streamed) one chunk of one: the same object, <c>usage</c> only where it is known.</summary>
public sealed record CompletionResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<CompletionChoice> Choices,
    [property: JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Usage? Usage);

public sealed record CompletionChoice(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("logprobs")] LegacyLogProbs? LogProbs,
    [property: JsonPropertyName("finish_reason")] string? FinishReason);

/// <summary>
/// The legacy shape, one list entry per token: its text, its log-probability, a dictionary of the most likely tokens
/// at its step (plus the chosen one, as OpenAI always includes it), and where it starts in the choice's text.
/// </summary>
public sealed record LegacyLogProbs(
    [property: JsonPropertyName("tokens")] IReadOnlyList<string> Tokens,
    [property: JsonPropertyName("token_logprobs")] IReadOnlyList<float> TokenLogProbs,
    [property: JsonPropertyName("top_logprobs")] IReadOnlyList<IReadOnlyDictionary<string, float>> TopLogProbs,
    [property: JsonPropertyName("text_offset")] IReadOnlyList<int> TextOffset);
