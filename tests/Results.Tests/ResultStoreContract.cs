using System.Text;

namespace Orleans.Noken.Results.Tests;

/// <summary>
/// What every <see cref="IResultStore"/> must do, run against each implementation by a subclass: the campaign
/// layout's readers and writers rely on exactly this and nothing implementation-specific.
/// </summary>
public abstract class ResultStoreContract
{
    protected abstract IResultStore Store { get; }

    static readonly ResultPaths Campaign = ResultPaths.ForCampaign("contract");

    static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task CreateThenReadReturnsTheSameBytes()
    {
        var path = Campaign.ShardResults("000000000-gaussian");
        Assert.True(await Store.TryCreateAsync(path, Text("rows")));
        Assert.Equal(Text("rows"), await Store.ReadAsync(path));
        Assert.True(await Store.ExistsAsync(path));
    }

    [Fact]
    public async Task ASecondCreateOfThePathReturnsFalseAndChangesNothing()
    {
        var path = Campaign.ShardSummary("000000001-gaussian");
        Assert.True(await Store.TryCreateAsync(path, Text("first")));
        Assert.False(await Store.TryCreateAsync(path, Text("second")));
        Assert.Equal(Text("first"), await Store.ReadAsync(path));
    }

    [Fact]
    public async Task OfConcurrentCreatesOfOnePathExactlyOneWinsAndItsContentStays()
    {
        // Eight writers race for each of several paths: a silo whose lease expired against the one that took over.
        for (int round = 0; round < 4; round++)
        {
            var path = Campaign.ShardResults($"race-{round}");
            var contents = Enumerable.Range(0, 8).Select(w => Text($"writer {w} of round {round}" + new string('x', 10_000 * w))).ToList();
            using var start = new ManualResetEventSlim();
            var writers = contents.Select(c => Task.Run(async () => { start.Wait(); return await Store.TryCreateAsync(path, c); })).ToList();
            start.Set();
            var won = await Task.WhenAll(writers);
            Assert.Single(won, w => w);
            Assert.Equal(contents[Array.IndexOf(won, true)], await Store.ReadAsync(path));
        }
    }

    [Fact]
    public async Task WriteOverwritesWhatIsThere()
    {
        var path = Campaign.Summary;
        await Store.WriteAsync(path, Text("one"));
        await Store.WriteAsync(path, Text("two, longer"));
        Assert.Equal(Text("two, longer"), await Store.ReadAsync(path));
        Assert.False(await Store.TryCreateAsync(path, Text("three")));
    }

    [Fact]
    public async Task ReadingAMissingPathGivesNullAndReadRequiredNamesThePath()
    {
        var path = ResultPaths.ForCampaign("nowhere").Spec;
        Assert.Null(await Store.ReadAsync(path));
        Assert.False(await Store.ExistsAsync(path));
        var error = await Assert.ThrowsAsync<ResultNotFoundException>(() => Store.ReadRequiredAsync(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task ListReturnsEveryPathUnderThePrefixInOrdinalOrderAndNothingElse()
    {
        var a = ResultPaths.ForCampaign("list-a");
        var ab = ResultPaths.ForCampaign("list-ab");
        string[] stems = ["000000002-b", "000000001-a", "000000000-a"];
        foreach (var stem in stems)
        {
            await Store.TryCreateAsync(a.ShardResults(stem), Text(stem));
            await Store.TryCreateAsync(a.ShardSummary(stem), Text(stem));
        }
        await Store.WriteAsync(a.Spec, Text("{}"));
        await Store.WriteAsync(a.Elite("refusal-0001.json"), Text("{}"));
        await Store.WriteAsync(ab.Spec, Text("{}"));

        var shards = await Store.ListAsync(a.ShardsPrefix);
        Assert.Equal(stems.SelectMany(s => new[] { a.ShardResults(s), a.ShardSummary(s) }).Order(StringComparer.Ordinal), shards);
        Assert.Equal(["000000000-a", "000000001-a", "000000002-b"],
            shards.Select(a.ShardStemOf).OfType<string>());
        Assert.Equal(8, (await Store.ListAsync(a.Prefix)).Count);
        // A plain string prefix, as blob listings work: "list-a" also matches "list-ab".
        Assert.Equal(9, (await Store.ListAsync($"{ResultPaths.CampaignsFolder}/list-a")).Count);
        Assert.Empty(await Store.ListAsync(ResultPaths.ForCampaign("list-none").Prefix));
    }

    [Fact]
    public async Task AFewMegabytesRoundTripThroughCreateAndWrite()
    {
        var payload = new byte[5 * 1024 * 1024 + 17];
        new Random(4).NextBytes(payload);
        var path = Campaign.ShardResults("large");
        using (var stream = new MemoryStream(payload)) Assert.True(await Store.TryCreateAsync(path, stream));
        Assert.Equal(payload, await Store.ReadAsync(path));

        Array.Reverse(payload);
        await Store.WriteAsync(Campaign.Checkpoint("coordinator.bin"), payload);
        Assert.Equal(payload, await Store.ReadAsync(Campaign.Checkpoint("coordinator.bin")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData("shards/.hidden")]
    public async Task PathsOutsideTheLayoutRulesAreRefused(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryCreateAsync(path, Text("x")));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(path, Text("x")));
    }
}
