using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Serving;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Engine.Tests.Generation;

namespace Orleans.Noken.Engine.Tests.Serving;

public sealed class ReplyTokenTests
{
    [Fact]
    public void PiecesJoinToTheReplyAndBytesAreExactWhenACharacterSpansTokens()
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "llama");
        const string text = "café ☃ ok"; // ☃ is three UTF-8 bytes, more than this small vocabulary merges
        var ids = loaded.Tokenizer.Encode(text);
        var continuation = new Continuation(ids, loaded.Tokenizer.Decode(ids), new float[ids.Length], [], [], StoppedAtEos: false);

        var tokens = ReplyToken.Of(continuation, loaded.Tokenizer);

        Assert.Equal(text, string.Concat(tokens.Select(t => t.Piece)));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), tokens.SelectMany(t => t.Chosen.Bytes));
        Assert.Equal(tokens.Select(t => t.Offset), tokens.Select(t => t.Offset).Order());
        Assert.Contains(tokens, t => t.Chosen.Token.StartsWith("bytes:\\x", StringComparison.Ordinal) && t.Piece.Length == 0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void EachStepReportsItsLikeliestTokensFromTheModelsOwnDistribution(double temperature)
    {
        using var dir = new TempDirectory();
        using var loaded = GenerationFixture.Load(dir.Path, "llama");
        var prompts = GenerationFixture.Prompts(loaded);
        using var nokens = GenerationFixture.Nokens(loaded, 3);
        var options = new DecodingOptions { MaxNewTokens = 5, StopAtEos = false, Temperature = temperature, Seed = 2, TopLogProbs = 4 };
        var output = new ShardGenerator(loaded).Run(new ShardRequest(nokens, prompts, options));

        foreach (var continuation in output.Pairs.Select(p => p.Continuation).Concat(output.Controls))
        {
            Assert.Equal(continuation.Ids.Length, continuation.Alternatives.Length);
            for (int k = 0; k < continuation.Ids.Length; k++)
            {
                var top = continuation.Alternatives[k];
                Assert.Equal(4, top.Ids.Length);
                Assert.Equal(top.LogProbs.OrderDescending(), top.LogProbs);
                // Sampled or not, the chosen token's log-probability is from the same distribution as the top ones.
                Assert.True(continuation.LogProbs[k] <= top.LogProbs[0] + 1e-6);
                if (temperature == 0) Assert.Equal(top.Ids[0], continuation.Ids[k]);
                int at = Array.IndexOf(top.Ids, continuation.Ids[k]);
                if (at >= 0) Assert.Equal(top.LogProbs[at], continuation.LogProbs[k], 1e-5);
            }
        }
        var without = new ShardGenerator(loaded).Run(new ShardRequest(nokens, prompts, options with { TopLogProbs = 0 }));
        Assert.All(without.Controls, c => Assert.Empty(c.Alternatives));
    }
}
