using System.Globalization;
using System.Text.Json;
using Orleans.Noken.Engine.Generation;

namespace Orleans.Noken.Client.Serve;

/// <summary>The fields <c>/v1/chat/completions</c> and <c>/v1/completions</c> share: how many tokens, how to
/// sample, how many choices, where to stop, whether to stream, and every field the server does not know.</summary>
public interface ISamplingRequest
{
    /// <summary>The most new tokens the client asks for (chat: <c>max_completion_tokens</c>, else <c>max_tokens</c>).</summary>
    int? TokenLimit { get; }
    double? Temperature { get; }
    double? TopP { get; }
    long? Seed { get; }
    int? N { get; }
    JsonElement? Stop { get; }
    bool? Stream { get; }
    StreamOptions? StreamOptions { get; }
    double? PresencePenalty { get; }
    double? FrequencyPenalty { get; }
    /// <summary>Token id (as a string, as OpenAI spells it) → a bias in [-100, 100] added to its logit.</summary>
    Dictionary<string, double>? LogitBias { get; }
    /// <summary>Every field of the body the request type does not name: each is refused unless it cannot change the
    /// answer (<see cref="Sampling.Unsupported"/>), so that no field is silently ignored.</summary>
    Dictionary<string, JsonElement>? Other { get; }
}

/// <summary>One set of bounds for both endpoints, so that neither accepts what the other refuses.</summary>
internal static class Sampling
{
    public const int MaxChoices = 8, MaxStops = 4, MaxStopLength = 256, MaxLogitBiases = 300;

    /// <summary>Fields OpenAI defines that cannot change a reply: accepted and not used (<c>user</c> is an end-user id
    /// for OpenAI's abuse monitoring; <c>metadata</c> labels stored completions; the cache keys only steer caching).</summary>
    static readonly HashSet<string> WithoutEffect = ["user", "metadata", "safety_identifier", "prompt_cache_key"];

    /// <summary>Adds every problem with the sampling fields; returns the stop sequences.</summary>
    /// <param name="vocabularySize">The model's vocabulary: a <c>logit_bias</c> key must be one of its token ids.</param>
    public static List<string> Validate(ISamplingRequest request, int vocabularySize, RequestProblems problems)
    {
        string limitField = request is ChatCompletionRequest { MaxCompletionTokens: not null } ? "max_completion_tokens" : "max_tokens";
        if (request.TokenLimit is < 1) problems.Add(limitField, $"{limitField} must be at least 1");
        if (request.Temperature is < 0) problems.Add("temperature", "temperature must be >= 0");
        if (request.TopP is <= 0 or > 1) problems.Add("top_p", "top_p must be in (0, 1]");
        if (request.N is < 1 or > MaxChoices) problems.Add("n", $"n must be in [1, {MaxChoices}]");
        if (request.PresencePenalty is < -2 or > 2) problems.Add("presence_penalty", "presence_penalty must be in [-2, 2]");
        if (request.FrequencyPenalty is < -2 or > 2) problems.Add("frequency_penalty", "frequency_penalty must be in [-2, 2]");
        LogitBias(request.LogitBias, vocabularySize, problems);
        Unsupported(request.Other, problems);
        return request.Stop is { } stop ? MessageContent.Stops(stop, MaxStops, MaxStopLength, problems) : [];
    }

    /// <summary>The request's <c>logit_bias</c> by token id, once <see cref="Validate"/> has passed it.</summary>
    public static IReadOnlyDictionary<int, float> Biases(ISamplingRequest request) =>
        request.LogitBias is { } bias ? bias.ToDictionary(kv => int.Parse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture), kv => (float)kv.Value) : new Dictionary<int, float>();

    static void LogitBias(Dictionary<string, double>? bias, int vocabularySize, RequestProblems problems)
    {
        if (bias is null) return;
        if (bias.Count > MaxLogitBiases) problems.Add("logit_bias", $"logit_bias: at most {MaxLogitBiases} tokens");
        foreach (var (key, value) in bias)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id >= vocabularySize)
                problems.Add("logit_bias", $"logit_bias: '{Shorten(key)}' is not a token id of this model (0 to {vocabularySize - 1})");
            else if (value is < -100 or > 100)
                problems.Add("logit_bias", $"logit_bias[{key}] must be in [-100, 100]");
        }
    }

    /// <summary>A field we do not implement is refused by name unless it asks for nothing: null, false, 0, an empty
    /// string, object or array, or OpenAI's own default (<c>response_format: {"type":"text"}</c>,
    /// <c>service_tier: auto</c>, <c>parallel_tool_calls</c>, which means nothing without tools).</summary>
    static void Unsupported(Dictionary<string, JsonElement>? other, RequestProblems problems)
    {
        foreach (var (name, value) in other ?? [])
        {
            if (WithoutEffect.Contains(name) || AsksForNothing(name, value)) continue;
            problems.Add(name, $"{Shorten(name)} is not supported by noken serve (it would change the answer, so it is refused rather than ignored)",
                RequestProblems.Unsupported);
        }
    }

    static bool AsksForNothing(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False => true,
        JsonValueKind.True => name == "parallel_tool_calls",
        JsonValueKind.Number => value.TryGetDouble(out var number) && number == 0,
        JsonValueKind.String => value.GetString() is "" || (name == "service_tier" && value.GetString() is "auto" or "default"),
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.Object => !value.EnumerateObject().Any()
            || (name == "response_format" && value.EnumerateObject().Count() == 1 && value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"),
        _ => false,
    };

    static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    /// <summary>Greedy unless a temperature is given (so that a client that says nothing gets a replayable answer);
    /// the client's token limit, never past the server's cap.</summary>
    public static DecodingOptions Options(ISamplingRequest request, int defaultTokens, int maxNewTokensCap, int topLogProbs) => new()
    {
        MaxNewTokens = Math.Min(request.TokenLimit ?? defaultTokens, maxNewTokensCap),
        Temperature = request.Temperature ?? 0,
        TopP = request.TopP ?? 1,
        Seed = request.Seed ?? 0,
        TopLogProbs = topLogProbs,
        PresencePenalty = request.PresencePenalty ?? 0,
        FrequencyPenalty = request.FrequencyPenalty ?? 0,
        LogitBias = Biases(request),
    };
}
