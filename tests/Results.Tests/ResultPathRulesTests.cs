namespace Orleans.Noken.Results.Tests;

/// <summary>The store's path rules, asked as a question (what an API answers a client with) and enforced as a throw
/// (what a store does): the two agree on every path.</summary>
public sealed class ResultPathRulesTests
{
    [Theory]
    [InlineData(".hidden")]
    [InlineData("shards/.x")]
    [InlineData("..%2F..%2Fspec.json")]
    [InlineData("shards/../spec.json")]
    [InlineData("shards//x")]
    [InlineData("a\\b")]
    [InlineData("x\n")]
    [InlineData("")]
    public void APathTheStoreWouldRefuseHasAProblem(string path)
    {
        Assert.NotNull(ResultPath.Problem(path));
        Assert.ThrowsAny<ArgumentException>(() => ResultPath.Check(path));
    }

    [Theory]
    [InlineData("spec.json")]
    [InlineData("shards/000000000-gaussian.parquet")]
    [InlineData("hardened/job-1/model.safetensors")]
    public void AStorePathHasNone(string path)
    {
        Assert.Null(ResultPath.Problem(path));
        Assert.Equal(path, ResultPath.Check(path));
    }
}
