using Orleans.Noken.Client.Commands;
using Spectre.Console;

namespace Orleans.Noken.Client.Tests;

/// <summary>The layouts a matrix falls back through as the console narrows: every rendered line fits, and every name
/// is on one line whole.</summary>
public class FittedMatrixTests
{
    static readonly string[] Strategies = ["gaussian-diag", "gaussian-full", "random-direction", "token-noise", "mixture"];
    static readonly string[] Classes = ["planted:secret_leak", "planted:hostility", "silence", "unchanged", "repetition", "over_refusal", "degraded", "refusal_broken", "swap"];

    static string Render(FittedMatrix matrix, int width)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        console.Write(matrix.Build(width));
        return writer.ToString();
    }

    [Theory]
    [InlineData(200)]
    [InlineData(120)]
    [InlineData(80)]
    [InlineData(60)]
    public void EveryLayoutFitsItsWidthAndKeepsNamesWhole(int width)
    {
        var matrix = new FittedMatrix("outcomes", "strategy", Strategies, Classes, (r, c) => $"{(r * 7 + c * 3) % 100}.0%");
        var text = Render(matrix, width);
        var lines = text.Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= width, $"{l.TrimEnd().Length} > {width}: {l}"));
        Assert.All(Strategies.Concat(Classes), name => Assert.Contains(name, text));
    }

    [Fact]
    public void ASmallMatrixKeepsItsRowsAndAWideOneFallsBackToOneLinePerCell()
    {
        var small = Render(new FittedMatrix("t", "strategy", ["a", "b"], ["x", "y"], (r, c) => "1.0%"), 80);
        Assert.Contains("strategy", small);
        Assert.Equal(2, small.Split('\n').Count(l => l.Contains("1.0%") && (l.Contains(" a ") || l.Contains(" b "))));

        var wide = Render(new FittedMatrix("t", "strategy", Strategies, Classes, (r, c) => "10.0%"), 80);
        // Neither 5 × 9 nor 9 × 5 fits 80 columns: one line per (strategy, class).
        Assert.Equal(Strategies.Length * Classes.Length, wide.Split('\n').Count(l => l.Contains("10.0%")));
    }
}
