using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains.Tests;

/// <summary>An id is a grain key, a store folder and a URL segment: the whole string must match, line feeds included.</summary>
public sealed class CampaignIdsTests
{
    [Theory]
    [InlineData("x\n")]      // '$' matches before a final line feed: this one created a campaign and a 500 (a LF in Location)
    [InlineData("x\r\n")]
    [InlineData("\nx")]
    [InlineData("x\ny")]
    [InlineData(".hidden")]
    [InlineData("../etc")]
    [InlineData("Upper")]
    public void AnIdThatIsNotPlainIsRefused(string id) => Assert.NotNull(CampaignIds.Problem(id));

    [Theory]
    [InlineData("x")]
    [InlineData("fault-sweep-20261207-154001-ab12")]
    [InlineData("a.b_c-9")]
    public void PlainIdsPass(string id) => Assert.Null(CampaignIds.Problem(id));
}
