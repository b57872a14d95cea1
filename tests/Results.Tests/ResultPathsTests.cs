namespace Orleans.Noken.Results.Tests;

public sealed class ResultPathsTests
{
    [Fact]
    public void ACampaignsFilesFollowTheDocumentedLayout()
    {
        var paths = ResultPaths.ForCampaign("smoke");
        Assert.Equal("campaigns/smoke/spec.json", paths.Spec);
        Assert.Equal("campaigns/smoke/summary.json", paths.Summary);
        Assert.Equal("campaigns/smoke/shards/00-gaussian-000000000.parquet", paths.ShardResults("00-gaussian-000000000"));
        Assert.Equal("campaigns/smoke/shards/00-gaussian-000000000.summary.json", paths.ShardSummary("00-gaussian-000000000"));
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
