using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Tests.Cluster;

public sealed class NokenIdTests
{
    [Fact]
    public void AClusterNokenIdIsTheShardStemAndTheIndexInItsRecipe()
    {
        var id = NokenId.Parse("000000003-around/17");
        Assert.Equal(new NokenId("000000003-around", 17), id);
        Assert.Equal("shards/000000003-around.summary.json", id.SummaryPath);
        Assert.Equal("000000003-around/17", id.ToString());
    }

    [Theory]
    [InlineData("000000003-around")]
    [InlineData("/17")]
    [InlineData("000000003-around/")]
    [InlineData("000000003-around/-1")]
    [InlineData("000000003-around/1.5")]
    [InlineData("shards/000000003-around/17")]
    [InlineData("../secrets/17")]
    public void AnythingElseIsRefusedWithAnExample(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => NokenId.Parse(text));
        Assert.Contains("like 000000003-around/17", e.Message);
    }

    [Fact]
    public void ALocalSweepIdPointsToOfflineReplay()
    {
        var e = Assert.Throws<ArgumentException>(() => NokenId.Parse("gaussian-diag:1:17"));
        Assert.Contains("replays with --recipe, --index and --spec", e.Message);
    }
}
