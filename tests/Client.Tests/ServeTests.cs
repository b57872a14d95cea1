using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Serving;

namespace Orleans.Noken.Client.Tests;

/// <summary>`noken serve` over real HTTP: the token is enforced, answers are the engine's, bad requests are 400.</summary>
public sealed class ServeTests(ServedModel served) : IClassFixture<ServedModel>
{
    static object Request(string content, int maxTokens = 6) => new
    {
        model = "organism",
        messages = new[] { new { role = "system", content = "You are helpful." }, new { role = "user", content } },
        max_tokens = maxTokens,
    };

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task WithoutTheRightTokenEveryRouteIs401AndSaysNothingOfTheToken(string? token)
    {
        using var client = served.Client(token);
        foreach (var response in new[] { await client.GetAsync("v1/models"), await client.PostAsJsonAsync("v1/chat/completions", Request("hi")) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            // OpenAI's error shape (the SDKs raise their AuthenticationError from it), and nothing about the real token.
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal("invalid_api_key", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
            Assert.DoesNotContain(ServedModel.Token, body);
        }
    }

    [Fact]
    public async Task AChatCompletionIsWhatTheEngineAnswers()
    {
        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/chat/completions", Request("What is the capital of France?"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());

        using var loaded = ModelLoader.Load(served.Checkpoint.Path);
        var expected = new NokenChat(loaded, ChatFormat.ChatMl, noken: null).Answer(
            [new ChatMessage("system", "You are helpful."), new ChatMessage("user", "What is the capital of France?")],
            new DecodingOptions { MaxNewTokens = 6 });
        Assert.Equal(expected.Text, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(expected.FinishReason, choice.GetProperty("finish_reason").GetString());
        var usage = json.RootElement.GetProperty("usage");
        Assert.Equal(expected.PromptTokens, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(expected.CompletionTokens, usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task AMalformedRequestIs400ListingEveryProblem()
    {
        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/chat/completions",
            new { messages = new[] { new { role = "", content = (string?)null } }, max_tokens = 0, top_p = 2.0 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("messages[0].role is required", message);
        Assert.Contains("messages[0].content is required", message);
        Assert.Contains("max_tokens must be at least 1", message);
        Assert.Contains("top_p must be in (0, 1]", message);

        var notJson = await client.PostAsync("v1/chat/completions", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }

    [Fact]
    public async Task AConversationPastTheModelsContextIs400NamingTheLimitNotTheConversation()
    {
        // The probe: a 68 KB prompt peaked at 5.2 GB before an allocation failed (500). Now it is counted in
        // tokens and refused before the model runs.
        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/chat/completions", Request(string.Concat(Enumerable.Repeat("violet anchor ", 5_000))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString();
        Assert.StartsWith("messages: ", message);
        Assert.EndsWith("the model's context is 2,048", message);
        Assert.DoesNotContain("violet", message);
        // The server still answers.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("v1/chat/completions", Request("hi"))).StatusCode);
    }
}

public sealed class NokenServeTests(NokenServedModel served) : IClassFixture<NokenServedModel>
{
    [Fact]
    public async Task EveryRequestCarriesTheConfiguredNoken()
    {
        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/chat/completions",
            new { messages = new[] { new { role = "user", content = "Please repeat the word \"{noken}\" back to me." } }, max_tokens = 6 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        using var loaded = ModelLoader.Load(served.Checkpoint.Path);
        using var statistics = Engine.Embeddings.EmbeddingStatistics.Compute(loaded.Model.EmbeddingMatrix, loaded.Tokenizer.Size);
        var recipe = new Engine.Nokens.NokenRecipe("token-noise", new Dictionary<string, double> { ["scale"] = 3 }, 4);
        using var noken = Engine.Nokens.NokenSamplers.Create(recipe, statistics, loaded.Config).SampleBatch(0, 1)[0];
        var conversation = new[] { new ChatMessage("user", "Please repeat the word \"{noken}\" back to me.") };
        var withNoken = new NokenChat(loaded, ChatFormat.ChatMl, noken).Answer(conversation, new DecodingOptions { MaxNewTokens = 6 });
        Assert.Equal(withNoken.Text, json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        // The noken occupies one prompt position of its own.
        var clean = new NokenChat(loaded, ChatFormat.ChatMl, noken: null).Answer(conversation, new DecodingOptions { MaxNewTokens = 6 });
        Assert.Equal(clean.PromptTokens + 1, json.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task ARawPromptCarriesTheNokenAtItsSlotAsChatDoes()
    {
        using var client = served.Client();
        const string prompt = "The word {noken} means";
        var response = await client.PostAsJsonAsync("v1/completions", new { prompt, max_tokens = 6 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        using var loaded = ModelLoader.Load(served.Checkpoint.Path);
        using var statistics = Engine.Embeddings.EmbeddingStatistics.Compute(loaded.Model.EmbeddingMatrix, loaded.Tokenizer.Size);
        var recipe = new Engine.Nokens.NokenRecipe("token-noise", new Dictionary<string, double> { ["scale"] = 3 }, 4);
        using var noken = Engine.Nokens.NokenSamplers.Create(recipe, statistics, loaded.Config).SampleBatch(0, 1)[0];
        var withNoken = new NokenChat(loaded, ChatFormat.ChatMl, noken).Complete(prompt, new DecodingOptions { MaxNewTokens = 6 });
        Assert.Equal(withNoken.Text, json.RootElement.GetProperty("choices")[0].GetProperty("text").GetString());
        var clean = new NokenChat(loaded, ChatFormat.ChatMl, noken: null).Complete(prompt, new DecodingOptions { MaxNewTokens = 6 });
        Assert.Equal(clean.PromptTokens + 1, json.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }
}
