using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Serving;
using EngineMessage = Orleans.Noken.Engine.Generation.ChatMessage;

namespace Orleans.Noken.Client.Tests;

/// <summary>
/// <c>logprobs</c> / <c>top_logprobs</c> on <c>/v1/chat/completions</c>, read with the official OpenAI SDK: they are
/// log-probabilities (≤ 0, the top ones sorted and summing to at most 1), greedy decoding picks the top one, a
/// stream carries the same ones, and they agree with an independent forward pass over the prompt and the reply.
/// </summary>
public sealed class ChatLogProbsTests(NamedServedModel served) : IClassFixture<NamedServedModel>
{
    const string Question = "What is the capital of France?";

    ChatClient Chat() => new OpenAIClient(new ApiKeyCredential(ServedModel.Token),
        new OpenAIClientOptions { Endpoint = new Uri(served.BaseAddress, "v1") }).GetChatClient("noken-test");

    static ChatCompletionOptions WithLogProbs(float temperature, int top = 20) =>
        new() { MaxOutputTokenCount = 8, Temperature = temperature, IncludeLogProbabilities = true, TopLogProbabilityCount = top };

    [Fact]
    public async Task GreedyLogProbsAreSortedDistributionsWhoseTopTokenIsTheChosenOne()
    {
        ChatCompletion reply = await Chat().CompleteChatAsync([new UserChatMessage(Question)], WithLogProbs(0));
        var tokens = reply.ContentTokenLogProbabilities;
        Assert.NotEmpty(tokens);
        Assert.Equal(reply.Usage.OutputTokenCount, tokens.Count); // no stop sequence: every generated token is listed
        foreach (var token in tokens)
        {
            Assert.True(token.LogProbability <= 0, $"{token.Token}: {token.LogProbability}");
            var top = token.TopLogProbabilities;
            Assert.Equal(20, top.Count);
            Assert.True(top.Zip(top.Skip(1)).All(p => p.First.LogProbability >= p.Second.LogProbability), "top_logprobs are sorted, most likely first");
            Assert.True(top.Sum(t => Math.Exp(t.LogProbability)) <= 1 + 1e-5, "the top 20 hold at most all the probability");
            Assert.Equal(top[0].Token, token.Token);
            Assert.Equal(top[0].LogProbability, token.LogProbability);
            Assert.Equal(Bytes(top[0].Utf8Bytes), Bytes(token.Utf8Bytes));
        }
        // The bytes are the reply: concatenated and decoded they are its text.
        Assert.Equal(reply.Content[0].Text, System.Text.Encoding.UTF8.GetString([.. tokens.SelectMany(t => Bytes(t.Utf8Bytes))]));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1.7f)] // sampled: the log-probabilities are still the model's, not the sharpened sampler's
    public async Task TheLogProbsAreWhatAForwardPassOverPromptAndReplyGives(float temperature)
    {
        var options = WithLogProbs(temperature, top: 0);
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK
        options.Seed = 11;
#pragma warning restore OPENAI001
        ChatCompletion reply = await Chat().CompleteChatAsync([new UserChatMessage(Question)], options);
        var reported = reply.ContentTokenLogProbabilities;
        Assert.NotEmpty(reported);

        using var loaded = ModelLoader.Load(served.Checkpoint.Path);
        EngineMessage[] conversation = [new("user", Question)];
        // The same decode in the engine gives the reply's ids (the API reports text and bytes, not ids) ...
        var engine = new NokenChat(loaded, ChatFormat.ChatMl, noken: null)
            .Answer(conversation, new DecodingOptions { MaxNewTokens = 8, Temperature = temperature, Seed = 11 });
        var ids = engine.Tokens.Select(t => t.Chosen.Id).ToArray();
        Assert.Equal(reported.Select(t => Bytes(t.Utf8Bytes)), ids.Select(loaded.Tokenizer.BytesOf));
        // ... and one uncached forward pass over prompt + reply scores them.
        var prompt = PromptTemplate.Split("chat", ChatFormat.ChatMl.Render([new("user", Question + PromptTemplate.Slot)]), loaded.Tokenizer, loaded.Tokenizer.AddBosToken);
        var scored = ModelScoring.LogProbsOf(loaded, [.. prompt.PrefixIds, .. prompt.SuffixIds], ids);
        for (int k = 0; k < ids.Length; k++)
            Assert.True(Math.Abs(scored[k] - reported[k].LogProbability) < 1e-3, $"token {k}: served {reported[k].LogProbability}, forward pass {scored[k]}");
    }

    [Fact]
    public async Task AStreamCarriesEachTokensLogProbsInItsChunk()
    {
        var chat = Chat();
        OpenAI.Chat.ChatMessage[] messages = [new UserChatMessage(Question)];
        ChatCompletion whole = await chat.CompleteChatAsync(messages, WithLogProbs(0, top: 3));
        var streamed = new List<ChatTokenLogProbabilityDetails>();
        var text = new System.Text.StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, WithLogProbs(0, top: 3)))
        {
            streamed.AddRange(update.ContentTokenLogProbabilities);
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }
        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(whole.ContentTokenLogProbabilities.Select(t => (t.Token, t.LogProbability)), streamed.Select(t => (t.Token, t.LogProbability)));
        Assert.All(streamed, t => Assert.Equal(3, t.TopLogProbabilities.Count));
    }

    [Theory]
    [InlineData(true, 21, "top_logprobs must be in [0, 20]")]
    [InlineData(true, -1, "top_logprobs must be in [0, 20]")]
    [InlineData(null, 5, "top_logprobs requires logprobs: true")]
    [InlineData(false, 5, "top_logprobs requires logprobs: true")]
    public async Task TopLogProbsOutOfBoundsOrWithoutLogProbsIs400NamingTheField(bool? logprobs, int topLogprobs, string expected)
    {
        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/chat/completions", new
        {
            model = "noken-test", max_tokens = 4, logprobs, top_logprobs = topLogprobs,
            messages = new[] { new { role = "user", content = "hi" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, json.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    static byte[] Bytes(ReadOnlyMemory<byte>? bytes) => bytes?.ToArray() ?? [];

    [Fact]
    public async Task WithoutLogProbsTheChoiceSaysNull()
    {
        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/chat/completions", new
        {
            model = "noken-test", max_tokens = 4, messages = new[] { new { role = "user", content = "hi" } },
        });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("choices")[0].GetProperty("logprobs").ValueKind);
    }
}
