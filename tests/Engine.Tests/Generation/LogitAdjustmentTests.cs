using Orleans.Noken.Engine.Generation;
using TorchSharp;

namespace Orleans.Noken.Engine.Tests.Generation;

/// <summary>OpenAI's formula for logit_bias, frequency and presence penalties, on real tensors.</summary>
public sealed class LogitAdjustmentTests
{
    [Fact]
    public void BiasIsAddedAndPenaltiesCountWhatEachRowsReplyHolds()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.zeros(2, 4);
        var options = new DecodingOptions { FrequencyPenalty = 0.5, PresencePenalty = 1, LogitBias = new Dictionary<int, float> { [3] = -100 } };

        var adjusted = LogitAdjustment.Apply(logits, [[1, 1, 2], []], options).data<float>().ToArray();

        // Row 0 holds token 1 twice and token 2 once; row 1 holds nothing, so only the bias applies.
        Assert.Equal([0f, -2f, -1.5f, -100f, 0f, 0f, 0f, -100f], adjusted);
    }

    [Fact]
    public void DefaultOptionsAdjustNothingAndStayEqual()
    {
        Assert.False(new DecodingOptions().AdjustsLogits);
        Assert.Equal(new DecodingOptions(), new DecodingOptions());
        Assert.True(new DecodingOptions { PresencePenalty = 0.1 }.AdjustsLogits);
    }
}
