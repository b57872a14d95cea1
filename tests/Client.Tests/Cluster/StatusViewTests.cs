using Orleans.Noken.Abstractions;
using Orleans.Noken.Client.Cluster;
using Spectre.Console;

namespace Orleans.Noken.Client.Tests.Cluster;

public sealed class StatusViewTests
{
    [Fact]
    public void APlainWatchLineCarriesPhaseProgressRateEtaSilosHitYieldLabelsAndTheBestElite()
    {
        var status = new CampaignStatus("c1", "c1", "organism", CampaignPhase.Running, null, 1000, 250, 3, 2, 1,
            new Dictionary<string, long> { ["none"] = 240, ["secret"] = 10 }, new Dictionary<string, long> { ["secret"] = 4 }, 3, 0,
            [new SiloActivity("silo-a", 250, 3, DateTimeOffset.UnixEpoch)], 25, DateTimeOffset.UnixEpoch, null, "campaigns/c1/",
            new SearchCounts(new Dictionary<string, long> { ["explore"] = 200, ["exploit"] = 50 }, new Dictionary<string, long> { ["explore"] = 1, ["exploit"] = 3 }, 72, 5));
        var best = new EliteView("000000003-around/17", "{}", 17, "secret", 0.93, "violet anchor 93");
        var line = StatusView.Line(status, best, DateTimeOffset.UnixEpoch);
        Assert.EndsWith("Running 250/1,000 (25.0%) 25.0/s ETA 30s | leased 2 re-leased 1 | silos 1 | hits secret:4 | hits/1k explore 5.0 exploit 60.0 | labels none:240 secret:10 | best 000000003-around/17 secret 0.930", line);
    }

    [Fact]
    public void AContinuationShowsItsControlCharactersAsEscapes() =>
        Assert.Equal("line one\\nline two\\t\\u0007", StatusView.Visible("line one\nline two\t\a"));

    [Fact]
    public void ACutContinuationNeverEndsInHalfACharacter()
    {
        var cut = StatusView.Visible("ab😀cd", width: 4); // the emoji is two UTF-16 units at [2] and [3]
        Assert.Equal("ab…", cut);
        Assert.Equal("(none)", StatusView.Visible(null));
    }

    [Fact]
    public void OnAnEightyColumnConsoleTheContinuationWrapsButNeverTheNokenId()
    {
        // What `noken results ID > log` gets: Spectre lays tables out at 80 columns when the output is redirected.
        var elites = new[]
        {
            new EliteView("000000001-random-direction/38", "{}", 38, "derailment", 0.165, "An answer long enough that the table cannot show it on one line at this width"),
            new EliteView("000000015-around/14", "{}", 14, "gibberish", 0.151, "secret is something that"),
        };
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 80;
        console.Write(StatusView.Elites(elites, 10, width: null));
        var text = writer.ToString();
        Assert.Contains("│ 000000001-random-direction/38 │ derailment │", text);
        Assert.Contains("│ 000000015-around/14           │ gibberish  │", text);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
    }
}
