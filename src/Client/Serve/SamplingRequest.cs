using System.Text.Json;
using Orleans.Noken.Engine.Generation;

namespace Orleans.Noken.Client.Serve;

/// <summary>The fields <c>/v1/chat/completions</c> and <c>/v1/completions</c> share: how many tokens, how to
/// sample, how many choices, where to stop, whether to stream.</summary>
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
}

/// <summary>One set of bounds for both endpoints, so that neither accepts what the other refuses.</summary>
internal static class Sampling
{
    public const int MaxChoices = 8, MaxStops = 4, MaxStopLength = 256;

    /// <summary>Adds every problem with the sampling fields; returns the stop sequences.</summary>
    public static List<string> Validate(ISamplingRequest request, List<string> problems)
    {
        if (request.TokenLimit is < 1) problems.Add("max_tokens must be at least 1");
        if (request.Temperature is < 0) problems.Add("temperature must be >= 0");
        if (request.TopP is <= 0 or > 1) problems.Add("top_p must be in (0, 1]");
        if (request.N is < 1 or > MaxChoices) problems.Add($"n must be in [1, {MaxChoices}]");
        return request.Stop is { } stop ? MessageContent.Stops(stop, MaxStops, MaxStopLength, problems) : [];
    }

    /// <summary>Greedy unless a temperature is given (so that a client that says nothing gets a replayable answer);
    /// the client's token limit, never past the server's cap.</summary>
    public static DecodingOptions Options(ISamplingRequest request, int defaultTokens, int maxNewTokensCap, int topLogProbs) => new()
    {
        MaxNewTokens = Math.Min(request.TokenLimit ?? defaultTokens, maxNewTokensCap),
        Temperature = request.Temperature ?? 0,
        TopP = request.TopP ?? 1,
        Seed = request.Seed ?? 0,
        TopLogProbs = topLogProbs,
    };
}
