using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Serving;

namespace Orleans.Noken.Client.Tests;

/// <summary>What `noken serve` refuses, over real HTTP: every 4xx in OpenAI's error shape with the field at fault,
/// every request field either honoured or refused by name, and the logit adjustments honoured.</summary>
public sealed class ServeRefusalTests(ServedModel served) : IClassFixture<ServedModel>
{
    static readonly object[] Hi = [new { role = "user", content = "hi" }];

    /// <summary>The error object, after checking it has all four of OpenAI's fields.</summary>
    static async Task<JsonElement> ErrorOf(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        return error;
    }

    static string? Text(JsonElement error, string field) => error.GetProperty(field).ValueKind == JsonValueKind.Null ? null : error.GetProperty(field).GetString();

    [Fact]
    public async Task EveryFourHundredHasOpenAisShapeAndNamesTheField()
    {
        using var client = served.Client();
        var topP = await ErrorOf(await client.PostAsJsonAsync("v1/chat/completions", new { messages = Hi, top_p = 2.0 }), HttpStatusCode.BadRequest);
        Assert.Equal("top_p", Text(topP, "param"));
        Assert.Equal("invalid_value", Text(topP, "code"));

        var role = await ErrorOf(await client.PostAsJsonAsync("v1/chat/completions", new { messages = new[] { new { role = "", content = "x" } } }), HttpStatusCode.BadRequest);
        Assert.Equal("messages[0].role", Text(role, "param"));
        Assert.Equal("missing_required_parameter", Text(role, "code"));

        var wrongType = await ErrorOf(await client.PostAsync("v1/chat/completions",
            new StringContent("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":"six"}""", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal("max_tokens", Text(wrongType, "param"));

        var prompt = await ErrorOf(await client.PostAsJsonAsync("v1/completions", new { max_tokens = 3 }), HttpStatusCode.BadRequest);
        Assert.Equal("prompt", Text(prompt, "param"));

        var tooLong = await ErrorOf(await client.PostAsJsonAsync("v1/completions", new { prompt = string.Concat(Enumerable.Repeat("violet anchor ", 5_000)) }), HttpStatusCode.BadRequest);
        Assert.Equal("prompt", Text(tooLong, "param"));
        Assert.Equal("context_length_exceeded", Text(tooLong, "code"));
    }

    [Fact]
    public async Task WhatThePipelineRefusesHasTheShapeToo()
    {
        using var wrongKey = served.Client("wrong-token");
        var unauthorized = await ErrorOf(await wrongKey.GetAsync("v1/models"), HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_api_key", Text(unauthorized, "code"));
        Assert.DoesNotContain(ServedModel.Token, Text(unauthorized, "message"));

        using var client = served.Client();
        var missing = await ErrorOf(await client.GetAsync("v1/embeddings"), HttpStatusCode.NotFound);
        Assert.Equal("unknown_url", Text(missing, "code"));
        var method = await ErrorOf(await client.GetAsync("v1/chat/completions"), HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method_not_allowed", Text(method, "code"));
    }

    [Theory]
    [InlineData("tools", """[{"type":"function","function":{"name":"f"}}]""")]
    [InlineData("response_format", """{"type":"json_object"}""")]
    [InlineData("logprobs_of_prompt", "true")]
    [InlineData("reasoning_effort", "\"high\"")]
    public async Task AFieldTheServerDoesNotImplementIsRefusedByName(string field, string value)
    {
        using var client = served.Client();
        var body = $$"""{"messages":[{"role":"user","content":"hi"}],"max_tokens":2,"{{field}}":{{value}}}""";
        var error = await ErrorOf(await client.PostAsync("v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal(field, Text(error, "param"));
        Assert.Equal("unsupported_parameter", Text(error, "code"));
    }

    [Fact]
    public async Task FieldsThatAskForNothingAreAccepted()
    {
        using var client = served.Client();
        const string body = """
            {"messages":[{"role":"user","content":"hi"}],"max_tokens":2,"user":"tester-7","tools":[],"response_format":{"type":"text"},
             "presence_penalty":0,"frequency_penalty":0,"logit_bias":{},"parallel_tool_calls":true,"store":false}
            """;
        var response = await client.PostAsync("v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task LogitBiasOutOfRangeIsRefusedByName()
    {
        using var client = served.Client();
        var notAnId = await ErrorOf(await client.PostAsJsonAsync("v1/completions", new { prompt = "x", logit_bias = new Dictionary<string, double> { ["400"] = 1 } }), HttpStatusCode.BadRequest);
        Assert.Equal("logit_bias", Text(notAnId, "param"));
        var tooStrong = await ErrorOf(await client.PostAsJsonAsync("v1/completions", new { prompt = "x", logit_bias = new Dictionary<string, double> { ["5"] = 101 } }), HttpStatusCode.BadRequest);
        Assert.Equal("logit_bias", Text(tooStrong, "param"));
        var penalty = await ErrorOf(await client.PostAsJsonAsync("v1/chat/completions", new { messages = Hi, frequency_penalty = 2.5 }), HttpStatusCode.BadRequest);
        Assert.Equal("frequency_penalty", Text(penalty, "param"));
    }

    [Fact]
    public async Task LogitBiasOfMinusOneHundredOnTheGreedyTokenChangesTheGreedyReply()
    {
        using var loaded = ModelLoader.Load(served.Checkpoint.Path);
        var engine = new NokenChat(loaded, ChatFormat.ChatMl, noken: null);
        var greedy = engine.Complete("Once upon a time", new DecodingOptions { MaxNewTokens = 4, StopAtEos = false });
        int first = greedy.Tokens[0].Chosen.Id;

        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/completions", new
        {
            prompt = "Once upon a time", max_tokens = 4, logprobs = 0,
            logit_bias = new Dictionary<string, double> { [first.ToString(System.Globalization.CultureInfo.InvariantCulture)] = -100 },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.NotEqual(greedy.Tokens[0].Chosen.Token, choice.GetProperty("logprobs").GetProperty("tokens")[0].GetString());
        // And it is the engine's own biased reply, not some other change.
        var biased = engine.Complete("Once upon a time", new DecodingOptions { MaxNewTokens = 4, LogitBias = new Dictionary<int, float> { [first] = -100 } });
        Assert.Equal(biased.Text, choice.GetProperty("text").GetString());
    }
}
