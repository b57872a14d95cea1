using Orleans.Noken.Client.Cluster;
using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Client.Tests.Cluster;

public sealed class ReplayModelTests
{
    static bool Nothing(string _) => false;

    [Fact]
    public void AnExplicitModelWinsEvenWhenTheCampaignsModelIsHere()
    {
        var (folder, why) = ReplayModel.Choose("/models/llama", "organism/base", "/work", _ => true);
        Assert.Equal(EmbeddedModels.Base, folder);
        Assert.Equal("from --model", why);
        Assert.Equal("/work/local-copy", ReplayModel.Choose("/models/llama", "local-copy", "/work", _ => true).Folder);
    }

    [Fact]
    public void TheCampaignsModelIsUsedWhenThisMachineHasIt() =>
        Assert.Equal("/models/llama", ReplayModel.Choose("/models/llama", null, "/work", path => path == "/models/llama").Folder);

    [Fact]
    public void ASilosEmbeddedOrganismBecomesThisInstallsCopy()
    {
        Assert.Equal(EmbeddedModels.Aligned, ReplayModel.Choose("/app/models/organism/aligned", null, "/work", Nothing).Folder);
        Assert.Equal(EmbeddedModels.Base, ReplayModel.Choose("/app/models/organism/base/", null, "/work", Nothing).Folder);
    }

    [Fact]
    public void AModelThatIsNowhereHereAsksForModel()
    {
        var e = Assert.Throws<ArgumentException>(() => ReplayModel.Choose("/mnt/models/llama-3-8b", null, "/work", Nothing));
        Assert.Equal("the campaign's model '/mnt/models/llama-3-8b' is not on this machine; pass --model with a local copy of it (or --model organism for the embedded organism)", e.Message);
    }
}
