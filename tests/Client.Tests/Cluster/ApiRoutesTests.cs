using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Tests.Cluster;

public sealed class ApiRoutesTests
{
    [Fact]
    public void ACampaignIdIsOneEscapedSegment() =>
        Assert.Equal("api/campaigns/my%20run%3F%2Fx/pause", ApiRoutes.Action("my run?/x", "pause"));

    [Fact]
    public void AFilePathKeepsItsSlashesAndEscapesEachSegment() =>
        Assert.Equal("api/campaigns/c1/files/shards/000000003-around%23.summary.json", ApiRoutes.File("c1", "shards/000000003-around#.summary.json"));

    [Theory]
    [InlineData("../other/spec.json")]
    [InlineData("shards//x")]
    [InlineData("/etc/passwd")]
    public void AFilePathThatLeavesTheCampaignIsRefused(string path) =>
        Assert.Throws<ArgumentException>(() => ApiRoutes.File("c1", path));
}
