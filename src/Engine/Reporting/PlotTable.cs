using System.Net;
using System.Text;

namespace Orleans.Noken.Engine.Reporting;

/// <summary>What a chart of one or two points becomes: its title and its numbers, each with its interval.</summary>
internal static class PlotTable
{
    public static string OfLines(string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series)
    {
        var table = Head(title, ["series", xLabel.Length > 0 ? xLabel : "x", yLabel]);
        foreach (var s in series)
            foreach (var p in s.Points.OrderBy(p => p.X))
                table.Append($"<tr><td>{E(s.Name)}</td><td>{SvgPlot.F(p.X)}</td><td>{Value(p.Y, p.Lower, p.Upper)}</td></tr>");
        return table.Append("</table>").ToString();
    }

    public static string OfBars(string title, string valueLabel, IReadOnlyList<(string Group, IReadOnlyList<PlotBar> Bars)> groups)
    {
        var table = Head(title, ["", "series", valueLabel]);
        foreach (var (group, bars) in groups)
            foreach (var bar in bars)
                table.Append($"<tr><td>{E(group)}</td><td>{E(bar.Series)}</td><td>{Value(bar.Value, bar.Lower, bar.Upper)}</td></tr>");
        return table.Append("</table>").ToString();
    }

    static StringBuilder Head(string title, IReadOnlyList<string> columns) =>
        new StringBuilder($"<p class=\"plot-table\"><b>{E(title)}</b></p><table><tr>")
            .Append(string.Concat(columns.Select(c => $"<th>{E(c)}</th>"))).Append("</tr>");

    static string Value(double y, double? lower, double? upper) =>
        lower is { } lo && upper is { } hi ? $"{SvgPlot.F(y)} [{SvgPlot.F(lo)}, {SvgPlot.F(hi)}]" : SvgPlot.F(y);

    static string E(string text) => WebUtility.HtmlEncode(text);
}
