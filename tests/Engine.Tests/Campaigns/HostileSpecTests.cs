using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Engine.Tests.Campaigns;

/// <summary>
/// Specs crafted to take a silo down are refused as bad specs, each with its reason, before they cost memory or
/// stack: a self-referencing alias (a cycle), nested aliases ("billion laughs"), nesting deep enough to overflow a
/// recursive loader, a list as a mapping key, and duplicate keys in YAML and in JSON.
/// </summary>
public sealed class HostileSpecTests
{
    static string Refusal(string text) =>
        Assert.Single(Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Parse(text, "hostile", Path.GetTempPath())).Problems);

    [Fact]
    public void ASelfReferencingAliasIsRefused() =>
        Assert.Contains("anchors", Refusal("name: x\nprompts: &a [*a]\n"));

    [Fact]
    public void BillionLaughsIsRefusedAtItsFirstAnchor()
    {
        var lines = new List<string> { "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (int i = 1; i < 10; i++) lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        Assert.Contains("anchors (&a0)", Refusal(string.Join('\n', lines)));
    }

    [Fact]
    public void DeepNestingIsRefusedWithoutOverflowingTheStack()
    {
        var deep = "name: x\nprompts: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        Assert.Contains($"deeper than {YamlToJson.MaxDepth}", Refusal(deep));
        // The limit is the JSON reader's, so both formats nest alike: 64 levels parse as far as the spec's own checks.
        var shallow = "name: x\nextra: " + new string('[', YamlToJson.MaxDepth - 1) + new string(']', YamlToJson.MaxDepth - 1) + "\n";
        Assert.DoesNotContain("deeper", string.Join(";", Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Parse(shallow, "s", Path.GetTempPath())).Problems));
    }

    [Fact]
    public void AnOversizedSpecIsRefusedBeforeParsing()
    {
        int max = CampaignSpecLimits.Default.MaxSpecBytes;
        Assert.Contains($"at most {max:N0} are read", Refusal("name: x\n# " + new string('x', max)));
        // The bound is on bytes: a comment of 3-byte characters under the limit in characters is over it in UTF-8.
        Assert.Contains("bytes", Refusal("name: x\n# " + new string('€', max / 2)));
    }

    [Fact]
    public void ANonScalarKeyAndDuplicateKeysAreRefused()
    {
        Assert.Contains("mapping key must be a plain value", Refusal("name: x\n? [a, b]\n: 1\n"));
        Assert.Contains("duplicate key 'name'", Refusal("name: x\nname: y\n"));
        Assert.Contains("does not parse", Refusal("{\"name\": \"x\", \"name\": \"y\"}"));
    }
}
