using Orleans.Noken.Engine.Validation;

namespace Orleans.Noken.Engine.Tests.Validation;

public sealed class DidYouMeanTests
{
    static readonly string[] Decoding = ["max_new_tokens", "temperature", "top_p", "seed"];

    [Theory]
    [InlineData("temprature", "temperature")]     // a letter dropped
    [InlineData("sede", "seed")]                  // two letters swapped
    [InlineData("max_new_token", "max_new_tokens")]
    [InlineData("max-new-tokens", "max_new_tokens")] // the CLI's spelling of a spec key
    [InlineData("Temperature", "temperature")]
    [InlineData("top-p", "top_p")]
    public void AMisspeltNameGetsTheClosestKnownOne(string given, string expected) =>
        Assert.Equal(expected, DidYouMean.Closest(given, Decoding));

    [Theory]
    [InlineData("colour")]
    [InlineData("x")]       // every short name is two edits from any other: no guess
    [InlineData("seeds_of_doubt")]
    public void ANameCloseToNothingGetsNoSuggestion(string given) => Assert.Null(DidYouMean.Closest(given, Decoding));

    [Fact]
    public void TheHintReadsAsTheRefusalsTail()
    {
        Assert.Equal("; did you mean 'temperature'?", DidYouMean.Hint("temprature", Decoding));
        Assert.Equal("", DidYouMean.Hint("colour", Decoding));
    }
}
