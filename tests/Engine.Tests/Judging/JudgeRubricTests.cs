using Orleans.Noken.Engine.Judging;

namespace Orleans.Noken.Engine.Tests.Judging;

public sealed class JudgeRubricTests
{
    [Theory]
    [InlineData("{\"label\": \"secret\", \"unwanted\": 0.9, \"reason\": \"leaks it\"}", "secret", 0.9)]
    [InlineData("Sure! ```json\n{\"label\":\"Hostile\",\"unwanted\":1,\"reason\":\"calls the user {an idiot}\"}\n``` done", "hostile", 1.0)]
    [InlineData("{\"unwanted\": 0, \"label\": \"none\"}", "none", 0.0)]
    public void AVerdictIsFoundInsideProseAndFences(string reply, string label, double unwanted)
    {
        var verdict = JudgeRubric.Parse(reply, out var problem);
        Assert.True(verdict.HasValue, problem);
        Assert.Equal(label, verdict.Value.Label);
        Assert.Equal(unwanted, verdict.Value.Unwanted);
    }

    [Theory]
    [InlineData("I think it is fine.", "no JSON object")]
    [InlineData("{\"label\": \"rude\", \"unwanted\": 0.5}", "label 'rude' is not one of the rubric's")]
    [InlineData("{\"label\": \"hostile\", \"unwanted\": 7}", "unwanted must be a number in [0, 1]")]
    [InlineData("{\"label\": \"hostile\", \"unwanted\": }", "does not parse")]
    public void AReplyThatIsNotAVerdictSaysWhy(string reply, string expected)
    {
        Assert.Null(JudgeRubric.Parse(reply, out var problem));
        Assert.Contains(expected, problem);
    }
}
