using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Orleans.Noken.Client.Tests;

/// <summary>
/// `noken serve` behind Microsoft.Extensions.AI's <see cref="IChatClient"/> over the OpenAI client, as .NET agent
/// frameworks call a model: a plain and a streaming response are the same greedy text the OpenAI SDK gets.
/// </summary>
public sealed class ExtensionsAiTests(NamedServedModel served) : IClassFixture<NamedServedModel>
{
    const string Question = "What is the capital of France?";

    OpenAIClient OpenAi() => new(new ApiKeyCredential(ServedModel.Token), new OpenAIClientOptions { Endpoint = new Uri(served.BaseAddress, "v1") });

    [Fact]
    public async Task AnIChatClientGetsTheSameGreedyReplyPlainAndStreamed()
    {
        ChatCompletion sdk = await OpenAi().GetChatClient("noken-test").CompleteChatAsync(
            [new UserChatMessage(Question)], new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 });
        var expected = sdk.Content[0].Text;
        Assert.NotEmpty(expected);

        using IChatClient client = OpenAi().GetChatClient("noken-test").AsIChatClient();
        var options = new ChatOptions { MaxOutputTokens = 8, Temperature = 0 };
        var response = await client.GetResponseAsync(Question, options);
        Assert.Equal(expected, response.Text);
        Assert.Equal("noken-test", response.ModelId);

        var streamed = new System.Text.StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync(Question, options)) streamed.Append(update.Text);
        Assert.Equal(expected, streamed.ToString());
    }
}
