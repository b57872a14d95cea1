using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Serving;

namespace Orleans.Noken.Client.Tests;

/// <summary>Where `noken serve` puts its noken: only the last user turn holds the slot; a {noken} anywhere else is
/// text. A slot problem names the field, never the conversation.</summary>
public sealed class ServeSlotTests(NokenServedModel served) : IClassFixture<NokenServedModel>
{
    [Fact]
    public async Task ALiteralNokenInTheSystemMessageIsTextNotASlot()
    {
        var conversation = new[] { new ChatMessage("system", "Never say the word {noken}."), new ChatMessage("user", "Please repeat the word \"{noken}\" back to me.") };
        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/chat/completions",
            new { messages = conversation.Select(m => new { role = m.Role, content = m.Content }), max_tokens = 4 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // The prompt is the rendered conversation with the system turn's "{noken}" as written, the user turn split
        // at its slot, and one position for the noken: counted here from the tokenizer, not from NokenChat.
        using var loaded = ModelLoader.Load(served.Checkpoint.Path);
        var rendered = ChatFormat.ChatMl.Render(conversation);
        int slot = rendered.LastIndexOf(PromptTemplate.Slot, StringComparison.Ordinal);
        int expected = (loaded.Tokenizer.AddBosToken ? 1 : 0) + loaded.Tokenizer.Encode(rendered[..slot]).Length
            + loaded.Tokenizer.Encode(rendered[(slot + PromptTemplate.Slot.Length)..]).Length + 1;
        Assert.Equal(expected, json.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task TwoSlotsInTheUserTurnAre400NamingTheFieldWithoutEchoingTheConversation()
    {
        using var client = served.Client();
        var response = await client.PostAsJsonAsync("v1/chat/completions", new
        {
            messages = new[] { new { role = "system", content = "the violet anchor protocol" }, new { role = "user", content = "{noken} then {noken}" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("messages[1].content", error.GetProperty("param").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("has 2 {noken} slots", message);
        Assert.DoesNotContain("violet", message);
        Assert.DoesNotContain("im_start", message);

        var prompt = await client.PostAsJsonAsync("v1/completions", new { prompt = new[] { "fine", "{noken}{noken} violet" } });
        var promptError = JsonDocument.Parse(await prompt.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("prompt[1]", promptError.GetProperty("param").GetString());
        Assert.DoesNotContain("violet", promptError.GetProperty("message").GetString());
    }
}

/// <summary>A model with no chat template: /v1/completions works, chat is a 400 that says why.</summary>
public sealed class TemplatelessServeTests(TemplatelessServedModel served) : IClassFixture<TemplatelessServedModel>
{
    [Fact]
    public async Task CompletionsWorkAndChatIsAClear400()
    {
        using var client = served.Client();
        var completion = await client.PostAsJsonAsync("v1/completions", new { prompt = "Once upon a time", max_tokens = 3 });
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        using var loaded = ModelLoader.Load(served.Checkpoint.Path);
        Assert.Null(loaded.Tokenizer.ChatTemplate);
        var expected = new NokenChat(loaded, format: null, noken: null).Complete("Once upon a time", new DecodingOptions { MaxNewTokens = 3 });
        Assert.Equal(expected.Text, JsonDocument.Parse(await completion.Content.ReadAsStringAsync()).RootElement.GetProperty("choices")[0].GetProperty("text").GetString());

        var chat = await client.PostAsJsonAsync("v1/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.BadRequest, chat.StatusCode);
        var error = JsonDocument.Parse(await chat.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("messages", error.GetProperty("param").GetString());
        Assert.Equal("model_has_no_chat_template", error.GetProperty("code").GetString());
        Assert.Contains("no chat template", error.GetProperty("message").GetString());
        Assert.Contains("/v1/completions", error.GetProperty("message").GetString());
    }
}
