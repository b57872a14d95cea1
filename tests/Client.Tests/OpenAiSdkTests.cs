using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Orleans.Noken.Client.Tests;

/// <summary>The same server under a name, as scanners point at it.</summary>
public sealed class NamedServedModel() : ServedModel(["--name", "noken-test"]);

/// <summary>
/// `noken serve` driven by the official OpenAI .NET SDK over real HTTP, as red-teaming tools drive it: streaming
/// (their default) gives the same text as a plain call, content parts are text, the served name is the model's name,
/// and what is not supported is a 400 in OpenAI's error shape, not an empty stream.
/// </summary>
public sealed class OpenAiSdkTests(NamedServedModel served) : IClassFixture<NamedServedModel>
{
    OpenAIClient Client(string token = ServedModel.Token) =>
        new(new ApiKeyCredential(token), new OpenAIClientOptions { Endpoint = new Uri(served.BaseAddress, "v1") });

    static readonly ChatCompletionOptions Short = new() { MaxOutputTokenCount = 8, Temperature = 0 };

    [Fact]
    public async Task AStreamedCompletionIsTheSameReplyInChunksWithAFinishReasonAndUsage()
    {
        var chat = Client().GetChatClient("noken-test");
        ChatMessage[] messages = [new UserChatMessage("What is the capital of France?")];
        ChatCompletion whole = await chat.CompleteChatAsync(messages, Short);

        var text = new System.Text.StringBuilder();
        int chunks = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, Short))
        {
            chunks++;
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish ??= update.FinishReason;
            usage ??= update.Usage;
            Assert.Equal("noken-test", update.Model);
        }

        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.True(chunks >= 3, $"{chunks} chunks");                          // role, text, finish at least
        Assert.Equal(whole.FinishReason, finish);
        Assert.Equal("noken-test", whole.Model);
        if (usage is not null) Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
    }

    [Fact]
    public async Task ContentPartsAreTheirTextJoined()
    {
        var chat = Client().GetChatClient("noken-test");
        ChatCompletion parts = await chat.CompleteChatAsync(
            [new UserChatMessage(ChatMessageContentPart.CreateTextPart("What is the capital "), ChatMessageContentPart.CreateTextPart("of France?"))], Short);
        ChatCompletion plain = await chat.CompleteChatAsync([new UserChatMessage("What is the capital of France?")], Short);
        Assert.Equal(plain.Content[0].Text, parts.Content[0].Text);
    }

    [Fact]
    public async Task TheModelsListNamesTheServedModelAndAWrongKeyIsAnAuthenticationError()
    {
        var models = (await Client().GetOpenAIModelClient().GetModelsAsync()).Value;
        Assert.Contains(models, m => m.Id == "noken-test");
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client("wrong-key").GetChatClient("noken-test").CompleteChatAsync([new UserChatMessage("hi")], Short));
        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task NChoicesStopSequencesAndUnsupportedPartsOverPlainHttp()
    {
        using var client = served.Client();
        var three = await client.PostAsJsonAsync("v1/chat/completions", new
        {
            model = "noken-test", n = 3, temperature = 1.0, seed = 5, max_tokens = 8,
            messages = new[] { new { role = "user", content = "Tell me a story." } },
        });
        Assert.Equal(HttpStatusCode.OK, three.StatusCode);
        using (var json = JsonDocument.Parse(await three.Content.ReadAsStringAsync()))
            Assert.Equal([0, 1, 2], json.RootElement.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("index").GetInt32()));

        var plain = await Complete(client, new { model = "noken-test", max_tokens = 8, messages = new[] { new { role = "user", content = "Tell me a story." } } });
        var text = plain.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        if (text.Length > 2)
        {
            var stop = text.Substring(text.Length / 2, 1);
            var cut = await Complete(client, new { model = "noken-test", max_tokens = 8, stop = new[] { stop }, messages = new[] { new { role = "user", content = "Tell me a story." } } });
            var choice = cut.GetProperty("choices")[0];
            Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], choice.GetProperty("message").GetProperty("content").GetString());
            Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        }

        var image = await client.PostAsJsonAsync("v1/chat/completions", new
        {
            model = "noken-test",
            messages = new object[] { new { role = "user", content = new object[] { new { type = "image_url", image_url = new { url = "http://x/y.png" } } } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, image.StatusCode);
        using var error = JsonDocument.Parse(await image.Content.ReadAsStringAsync());
        Assert.Contains("only text parts are supported, not 'image_url'", error.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task AStreamEndsWithTheUsageChunkWhenAskedAndThenDone()
    {
        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/chat/completions", new
        {
            model = "noken-test", max_tokens = 6, stream = true, stream_options = new { include_usage = true },
            messages = new[] { new { role = "user", content = "Hello there." } },
        });
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.Equal("data: [DONE]", events[^1]);
        using var usage = JsonDocument.Parse(events[^2]["data: ".Length..]);
        Assert.Empty(usage.RootElement.GetProperty("choices").EnumerateArray());
        Assert.True(usage.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32() >= 1);
        using var first = JsonDocument.Parse(events[0]["data: ".Length..]);
        Assert.Equal("chat.completion.chunk", first.RootElement.GetProperty("object").GetString());
        Assert.Equal("assistant", first.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
    }

    static async Task<JsonElement> Complete(HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("v1/chat/completions", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
