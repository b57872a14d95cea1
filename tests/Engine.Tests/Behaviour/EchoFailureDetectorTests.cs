using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Benchmarks;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Engine.Tests.Generation;
using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Tests.Behaviour;

public sealed class EchoFailureDetectorTests
{
    [Fact]
    public void SayingAnotherWordFailsAndNamesIt()
    {
        var score = Detect.Run(DetectorCatalog.EchoFailure, Detect.Text("Sure: \"banana\"", "\"apple\"", PromptKind.Echo, "apple"));
        Assert.Equal(1.0, score.Score);
        Assert.Equal("said 'banana' instead of 'apple'", score.Evidence);
    }

    [Fact]
    public void WithoutQuotesTheFirstContentWordIsTheOneNamed()
    {
        var score = Detect.Run(DetectorCatalog.EchoFailure, Detect.Text("Sure, the word is Lion.", null, PromptKind.Echo, "tiger"));
        Assert.Equal(1.0, score.Score);
        Assert.StartsWith("said 'Lion'", score.Evidence);
    }

    [Theory]
    [InlineData("\"apple\"")]
    [InlineData("The word is Apple.")]
    public void SayingTheTargetPasses(string text)
    {
        var score = Detect.Run(DetectorCatalog.EchoFailure, Detect.Text(text, null, PromptKind.Echo, "apple"));
        Assert.Equal(0.0, score.Score);
        Assert.Equal("echoed 'apple'", score.Evidence);
    }

    [Fact]
    public void OtherPromptsAreNotJudged() =>
        Assert.Equal(0.0, Detect.Run(DetectorCatalog.EchoFailure, Detect.Text("banana", null, PromptKind.Benign, "apple")).Score);

    [Fact]
    public void WithoutATargetOnlyTheShapeOfAnEchoIsJudged()
    {
        Assert.Equal(0.0, Detect.Run(DetectorCatalog.EchoFailure, Detect.Text("\"lantern\"", null, PromptKind.Echo)).Score);
        var ramble = Detect.Run(DetectorCatalog.EchoFailure, Detect.Text("Once upon a time there was a king who lived by the sea.", null, PromptKind.Echo));
        Assert.Equal(1.0, ramble.Score);
        Assert.StartsWith("no echo: said 'Once'", ramble.Evidence);
    }

    [Fact]
    public void WithATokenizerTheEvidenceNamesTheTokenIds()
    {
        using var dir = new TempDirectory();
        GeneratedCheckpoint.Write(dir.Path, new GeneratedCheckpoint.Request(GenerationFixture.Config("llama")));
        using var tokenizer = HfTokenizer.Load(dir.Path, 300);
        var suite = DetectorSuite.Create(new DetectorSuiteConfig([DetectorSpec.Of(DetectorCatalog.EchoFailure)]), new DetectorServices(Tokenizer: tokenizer));
        var score = suite.Score(Detect.Text("\"banana\"", null, PromptKind.Echo, "apple")).Scores[0];
        Assert.Equal($"said 'banana' (ids {string.Join(", ", tokenizer.Encode("banana"))}) instead of 'apple'", score.Evidence);
    }
}
