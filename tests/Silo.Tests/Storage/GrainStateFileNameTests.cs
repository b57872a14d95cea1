using Orleans.Noken.Silo.Storage;
using Orleans.Runtime;

namespace Orleans.Noken.Silo.Tests.Storage;

public sealed class GrainStateFileNameTests
{
    static readonly GrainId Campaign = GrainId.Create("campaign", "sweep-1");

    [Fact]
    public void TheSameIdentityAlwaysHasTheSameName() =>
        Assert.Equal(GrainStateFileName.For("svc", Campaign, "state"), GrainStateFileName.For("svc", Campaign, "state"));

    [Fact]
    public void ServiceGrainKeyAndStateNameEachChangeTheName()
    {
        var names = new[]
        {
            GrainStateFileName.For("svc", Campaign, "state"),
            GrainStateFileName.For("other", Campaign, "state"),
            GrainStateFileName.For("svc", GrainId.Create("campaign", "sweep-2"), "state"),
            GrainStateFileName.For("svc", GrainId.Create("registry", "sweep-1"), "state"),
            GrainStateFileName.For("svc", Campaign, "leases"),
        };
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void ComponentsDoNotRunIntoEachOther() =>
        Assert.NotEqual(GrainStateFileName.For("ab", Campaign, "state"), GrainStateFileName.For("a", Campaign, "bstate"));

    [Fact]
    public void TheNameStartsWithTheGrainTypeForPeopleBrowsingTheFolder() =>
        Assert.StartsWith("campaign-", GrainStateFileName.For("svc", Campaign, "state"));

    [Theory]
    [InlineData("../../etc")]
    [InlineData(".hidden/type\\with:odd*chars")]
    [InlineData("ns.Generic`1[[System.String]]")]
    public void OddGrainTypesGiveAPlainShortName(string grainType)
    {
        var name = GrainStateFileName.For("svc", GrainId.Create(grainType + new string('y', 300), "k"), "state");

        Assert.Matches("^[a-z0-9_][a-z0-9._-]*-[0-9a-f]{32}\\.state$", name);
        Assert.True(name.Length <= 48 + 1 + 32 + ".state".Length, name);
    }
}
