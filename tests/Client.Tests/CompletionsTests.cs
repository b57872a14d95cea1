using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Serving;

namespace Orleans.Noken.Client.Tests;

/// <summary>
/// The legacy <c>/v1/completions</c> over real HTTP (the OpenAI .NET SDK 2.x has a <c>LegacyCompletionClient</c>
/// with no typed methods, so the JSON and the SSE stream are read here as a client library would): raw prompts as
/// the engine continues them, prompt arrays × n, the legacy logprobs shape, the stream, and 400s by field.
/// </summary>
public sealed class CompletionsTests(ServedModel served) : IClassFixture<ServedModel>
{
    const string Story = "Once upon a time";

    [Fact]
    public async Task ACompletionIsTheEngineContinuingTheRawPrompt()
    {
        using var client = served.Client();
        var json = await Complete(client, new { model = "organism", prompt = Story, max_tokens = 6 });
        Assert.Equal("text_completion", json.GetProperty("object").GetString());
        Assert.StartsWith("cmpl-", json.GetProperty("id").GetString());
        var choice = json.GetProperty("choices")[0];
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);

        using var loaded = ModelLoader.Load(served.Checkpoint.Path);
        var expected = new NokenChat(loaded, ChatFormat.ChatMl, noken: null).Complete(Story, new DecodingOptions { MaxNewTokens = 6 });
        Assert.Equal(expected.Text, choice.GetProperty("text").GetString());
        Assert.Equal(expected.FinishReason, choice.GetProperty("finish_reason").GetString());
        // Raw text: BOS and the prompt's own tokens, no chat template around them.
        Assert.Equal(1 + loaded.Tokenizer.Encode(Story).Length, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(expected.CompletionTokens, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task AnEmptyPromptIsContinuedFromBos()
    {
        using var client = served.Client();
        var json = await Complete(client, new { prompt = "", max_tokens = 3 });
        Assert.Equal(1, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt32()); // the model adds BOS
    }

    [Fact]
    public async Task APromptArrayGivesEachPromptNSeededChoicesInOrder()
    {
        using var client = served.Client();
        var json = await Complete(client, new { prompt = new[] { Story, "The sea" }, n = 2, temperature = 1.0, seed = 3, max_tokens = 5 });
        var choices = json.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], choices.Select(c => c.GetProperty("index").GetInt32()));
        // Choice p·n + j is prompt p with seed + j: choice 2 is the second prompt's first choice.
        var alone = await Complete(client, new { prompt = "The sea", temperature = 1.0, seed = 3, max_tokens = 5 });
        Assert.Equal(alone.GetProperty("choices")[0].GetProperty("text").GetString(), choices[2].GetProperty("text").GetString());
        var usage = json.GetProperty("usage");
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task LegacyLogProbsListEveryTokenWithItsAlternativesAndWhereItStarts()
    {
        using var client = served.Client();
        var json = await Complete(client, new { prompt = Story, max_tokens = 8, logprobs = 5 });
        var choice = json.GetProperty("choices")[0];
        var text = choice.GetProperty("text").GetString()!;
        var logprobs = choice.GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
        var tokenLogProbs = logprobs.GetProperty("token_logprobs").EnumerateArray().Select(t => t.GetSingle()).ToList();
        var tops = logprobs.GetProperty("top_logprobs").EnumerateArray().ToList();
        var offsets = logprobs.GetProperty("text_offset").EnumerateArray().Select(t => t.GetInt32()).ToList();

        Assert.Equal(json.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), tokens.Count);
        Assert.Equal(tokens.Count, tokenLogProbs.Count);
        Assert.Equal(tokens.Count, tops.Count);
        Assert.Equal(tokens.Count, offsets.Count);
        Assert.Equal(0, offsets[0]);
        Assert.True(offsets.Zip(offsets.Skip(1)).All(p => p.First <= p.Second) && offsets[^1] <= text.Length, string.Join(",", offsets));
        for (int i = 0; i < tokens.Count; i++)
        {
            Assert.True(tokenLogProbs[i] <= 0);
            var top = tops[i].EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle());
            Assert.InRange(top.Count, 1, 6); // five alternatives, the chosen one among them (greedy) or added
            Assert.Equal(tokenLogProbs[i], top[tokens[i]]);
            Assert.Equal(top.Values.Max(), tokenLogProbs[i]); // greedy: the chosen token is the likeliest
        }
        if (tokens.All(t => !t.StartsWith("bytes:", StringComparison.Ordinal))) Assert.Equal(text, string.Concat(tokens));
    }

    [Fact]
    public async Task AStreamIsTextCompletionChunksThatJoinToTheSameReplyThenUsageThenDone()
    {
        using var client = served.Client();
        var whole = await Complete(client, new { prompt = Story, max_tokens = 8, logprobs = 2 });
        var response = await client.PostAsJsonAsync("v1/completions",
            new { prompt = Story, max_tokens = 8, logprobs = 2, stream = true, stream_options = new { include_usage = true } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("text_completion", c.GetProperty("object").GetString()));

        var usage = chunks[^1];
        Assert.Empty(usage.GetProperty("choices").EnumerateArray());
        Assert.Equal(whole.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        var choices = chunks[..^1].Select(c => c.GetProperty("choices")[0]).ToList();
        Assert.Equal(whole.GetProperty("choices")[0].GetProperty("finish_reason").GetString(), choices[^1].GetProperty("finish_reason").GetString());
        Assert.Equal(whole.GetProperty("choices")[0].GetProperty("text").GetString(), string.Concat(choices.Select(c => c.GetProperty("text").GetString())));
        var streamedTokens = choices.Where(c => c.GetProperty("logprobs").ValueKind == JsonValueKind.Object)
            .SelectMany(c => c.GetProperty("logprobs").GetProperty("tokens").EnumerateArray().Select(t => t.GetString())).ToList();
        Assert.Equal(whole.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("tokens").EnumerateArray().Select(t => t.GetString()), streamedTokens);
    }

    [Fact]
    public async Task AStopSequenceCutsTheTextAndItsTokens()
    {
        using var client = served.Client();
        var plain = (await Complete(client, new { prompt = Story, max_tokens = 8 })).GetProperty("choices")[0].GetProperty("text").GetString()!;
        if (plain.Length < 3) return; // nothing to cut inside
        var stop = plain.Substring(plain.Length / 2, 1);
        var cut = (await Complete(client, new { prompt = Story, max_tokens = 8, stop, logprobs = 0 })).GetProperty("choices")[0];
        var text = cut.GetProperty("text").GetString()!;
        Assert.Equal(plain[..plain.IndexOf(stop, StringComparison.Ordinal)], text);
        Assert.Equal("stop", cut.GetProperty("finish_reason").GetString());
        Assert.All(cut.GetProperty("logprobs").GetProperty("text_offset").EnumerateArray(), o => Assert.True(o.GetInt32() < text.Length));
    }

    [Fact]
    public async Task WhatIsNotSupportedOrOutOfBoundsIs400NamingEachField()
    {
        using var client = served.Client();
        var message = await Refused(client, new { prompt = new[] { 1, 2, 3 }, logprobs = 6, echo = true, best_of = 3, suffix = "x", n = 9, top_p = 0.0 });
        foreach (var expected in new[] { "prompt: token-id prompts are not supported", "logprobs must be in [0, 5]", "echo is not supported",
                     "best_of is not supported", "suffix is not supported", "n must be in [1, 8]", "top_p must be in (0, 1]" })
            Assert.Contains(expected, message);
        Assert.Contains("prompt is required", await Refused(client, new { max_tokens = 4 }));
        Assert.Contains("prompts × n must be at most 8", await Refused(client, new { prompt = new[] { "a", "b", "c" }, n = 3 }));
        Assert.Contains("prompt: 1 to 8 strings", await Refused(client, new { prompt = Array.Empty<string>() }));

        // The context bound of chat holds for raw prompts, named by the prompt and never echoing it.
        var tooLong = await Refused(client, new { prompt = new[] { "hi", string.Concat(Enumerable.Repeat("violet anchor ", 5_000)) } });
        Assert.StartsWith("prompt[1]: ", tooLong);
        Assert.EndsWith("the model's context is 2,048", tooLong);
        Assert.DoesNotContain("violet", tooLong);
    }

    static async Task<string> Refused(HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("v1/completions", request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        return json.RootElement.GetProperty("error").GetProperty("message").GetString()!;
    }

    static async Task<JsonElement> Complete(HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("v1/completions", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
