namespace Orleans.Noken.Results.Tests;

public sealed class ResultPathsTests
{
    [Fact]
    public void ACampaignsFilesFollowTheDocumentedLayout()
    {
        var paths = ResultPaths.ForCampaign("smoke");
        Assert.Equal("campaigns/smoke/spec.json", paths.Spec);
        Assert.Equal("campaigns/smoke/summary.json", paths.Summary);
        Assert.Equal("campaigns/smoke/shards/000000000-gaussian.parquet", paths.ShardResults("000000000-gaussian"));
        Assert.Equal("campaigns/smoke/shards/000000000-gaussian.summary.json", paths.ShardSummary("000000000-gaussian"));
        Assert.Equal("campaigns/smoke/elites/refusal.json", paths.Elite("refusal.json"));
        Assert.Equal("campaigns/smoke/checkpoints/coordinator.json", paths.Checkpoint("coordinator.json"));
    }

    [Fact]
    public void AStoreHoldingOneCampaignUsesTheSameLayoutAtItsRoot()
    {
        Assert.Equal("spec.json", ResultPaths.AtRoot.Spec);
        Assert.Equal("shards/s.parquet", ResultPaths.AtRoot.ShardResults("s"));
        Assert.Equal("s", ResultPaths.AtRoot.ShardStemOf("shards/s.parquet"));
        Assert.Null(ResultPaths.AtRoot.ShardStemOf("shards/s.summary.json"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData(" ")]
    public void ANameThatIsNotOneSafeSegmentIsRefused(string name)
    {
        Assert.Throws<ArgumentException>(() => ResultPaths.ForCampaign(name));
        Assert.Throws<ArgumentException>(() => ResultPaths.AtRoot.ShardResults(name));
    }
}
