using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Tests.Cluster;

public sealed class CampaignExportTests
{
    const string Root = "/tmp/export-root";

    [Fact]
    public void AFileKeepsItsPathRelativeToTheCampaign() =>
        Assert.Equal("/tmp/export-root/shards/000000003-gaussian-diag.parquet",
            CampaignExport.LocalPath(Root, "shards/000000003-gaussian-diag.parquet"));

    [Theory]
    [InlineData("../escape.json")]
    [InlineData("shards/../../escape.json")]
    [InlineData("/etc/cron.d/noken")]
    [InlineData(".")]
    [InlineData("shards/x.parquet.part")] // the name a half-written download uses
    public void APathFromTheServerThatWouldLandOutsideTheFolderIsRefused(string path)
    {
        var e = Assert.Throws<NokenApiException>(() => CampaignExport.LocalPath(Root, path));
        Assert.Contains("refusing to write it", e.Message);
    }
}
