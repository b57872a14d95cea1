using System.Globalization;
using System.Net;
using System.Text;

namespace Orleans.Noken.Engine.Reporting;

/// <summary>A point of a line, with an optional interval drawn as a band.</summary>
public sealed record PlotPoint(double X, double Y, double? Lower = null, double? Upper = null);

public sealed record PlotSeries(string Name, IReadOnlyList<PlotPoint> Points);

/// <summary>A bar with an optional interval drawn as a whisker.</summary>
public sealed record PlotBar(string Series, double Value, double? Lower = null, double? Upper = null);

/// <summary>
/// Charts as inline SVG: a report that is one HTML file, readable offline, with plots that stay sharp when zoomed.
/// Two kinds are all the report needs: lines (with interval bands) and grouped bars (with interval whiskers). A chart
/// of fewer than three points says less than its numbers, so it is drawn as a table of them; an empty one is omitted.
/// </summary>
public static class SvgPlot
{
    public const int MinimumPoints = 3;
    const int Width = 640, Height = 300, Left = 60, Right = 150, Top = 30, Bottom = 45;
    static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        if (points.Count == 0) return "";
        if (series.All(s => s.Points.Count < MinimumPoints)) return PlotTable.OfLines(title, xLabel, yLabel, series);
        double x0 = points.Min(p => p.X), x1 = points.Max(p => p.X);
        double y1 = Math.Max(points.Max(p => p.Upper ?? p.Y), 1e-9);
        if (x1 <= x0) x1 = x0 + 1;
        double X(double x) => Left + (x - x0) / (x1 - x0) * (Width - Left - Right);
        double Y(double y) => Height - Bottom - y / y1 * (Height - Top - Bottom);
        var svg = Frame(title, xLabel, yLabel, y1, F(x0), F(x1));
        for (int i = 0; i < series.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            var s = series[i].Points.OrderBy(p => p.X).ToList();
            if (s.All(p => p.Lower is not null && p.Upper is not null) && s.Count > 1)
            {
                var band = s.Select(p => $"{F(X(p.X))},{F(Y(p.Upper!.Value))}").Concat(s.AsEnumerable().Reverse().Select(p => $"{F(X(p.X))},{F(Y(p.Lower!.Value))}"));
                svg.Append($"<polygon points=\"{string.Join(' ', band)}\" fill=\"{colour}\" fill-opacity=\"0.15\" stroke=\"none\"/>");
            }
            svg.Append($"<polyline points=\"{string.Join(' ', s.Select(p => $"{F(X(p.X))},{F(Y(p.Y))}"))}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            foreach (var p in s) svg.Append($"<circle cx=\"{F(X(p.X))}\" cy=\"{F(Y(p.Y))}\" r=\"2.5\" fill=\"{colour}\"/>");
            Legend(svg, i, series[i].Name, colour);
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Horizontal grouped bars: one row per group (its label on the left, where long measure names fit),
    /// one bar per series, the value's scale along the bottom.</summary>
    public static string Bars(string title, string valueLabel, IReadOnlyList<(string Group, IReadOnlyList<PlotBar> Bars)> groups)
    {
        var bars = groups.SelectMany(g => g.Bars).ToList();
        if (bars.Count == 0) return "";
        if (bars.Count < MinimumPoints) return PlotTable.OfBars(title, valueLabel, groups);
        var names = bars.Select(b => b.Series).Distinct().ToList();
        const int labels = 250, row = 14, gap = 8;
        double max = Math.Max(bars.Max(b => b.Upper ?? b.Value), 1e-9);
        int plotWidth = Width - labels - Right, height = Top + groups.Count * (names.Count * row + gap) + 30;
        double X(double v) => labels + v / max * plotWidth;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\">");
        svg.Append($"<text x=\"10\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{E(title)}</text>");
        int y = Top;
        foreach (var (group, groupBars) in groups)
        {
            svg.Append($"<text x=\"{labels - 6}\" y=\"{y + names.Count * row / 2 + 4}\" text-anchor=\"end\" font-size=\"10\">{E(group)}</text>");
            foreach (var bar in groupBars)
            {
                int k = names.IndexOf(bar.Series);
                var colour = Colours[k % Colours.Length];
                double top = y + k * row;
                svg.Append($"<rect x=\"{labels}\" y=\"{F(top + 1)}\" width=\"{F(X(bar.Value) - labels)}\" height=\"{row - 2}\" fill=\"{colour}\"><title>{E($"{group} · {bar.Series}: {bar.Value:0.####}")}</title></rect>");
                if (bar.Lower is { } lo && bar.Upper is { } hi)
                {
                    double mid = top + row / 2.0;
                    svg.Append($"<line x1=\"{F(X(lo))}\" x2=\"{F(X(hi))}\" y1=\"{F(mid)}\" y2=\"{F(mid)}\" stroke=\"#000\"/>");
                    svg.Append($"<line x1=\"{F(X(lo))}\" x2=\"{F(X(lo))}\" y1=\"{F(mid - 3)}\" y2=\"{F(mid + 3)}\" stroke=\"#000\"/>");
                    svg.Append($"<line x1=\"{F(X(hi))}\" x2=\"{F(X(hi))}\" y1=\"{F(mid - 3)}\" y2=\"{F(mid + 3)}\" stroke=\"#000\"/>");
                }
            }
            y += names.Count * row + gap;
        }
        svg.Append($"<line x1=\"{labels}\" y1=\"{y}\" x2=\"{labels + plotWidth}\" y2=\"{y}\" stroke=\"#444\"/>");
        svg.Append($"<line x1=\"{labels}\" y1=\"{Top}\" x2=\"{labels}\" y2=\"{y}\" stroke=\"#444\"/>");
        svg.Append($"<text x=\"{labels}\" y=\"{y + 14}\" font-size=\"10\">0</text>");
        svg.Append($"<text x=\"{labels + plotWidth}\" y=\"{y + 14}\" text-anchor=\"end\" font-size=\"10\">{E(F(max))}</text>");
        svg.Append($"<text x=\"{labels + plotWidth / 2}\" y=\"{y + 26}\" text-anchor=\"middle\" font-size=\"11\">{E(valueLabel)}</text>");
        for (int k = 0; k < names.Count; k++) Legend(svg, k, names[k], Colours[k % Colours.Length]);
        return svg.Append("</svg>").ToString();
    }

    static StringBuilder Frame(string title, string xLabel, string yLabel, double yMax, string xMin, string xMax)
    {
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\">");
        svg.Append($"<text x=\"{Left}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{E(title)}</text>");
        svg.Append($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#444\"/>");
        svg.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#444\"/>");
        svg.Append($"<text x=\"{Left - 4}\" y=\"{Top + 4}\" text-anchor=\"end\" font-size=\"10\">{E(F(yMax))}</text>");
        svg.Append($"<text x=\"{Left - 4}\" y=\"{Height - Bottom}\" text-anchor=\"end\" font-size=\"10\">0</text>");
        svg.Append($"<text x=\"14\" y=\"{(Top + Height - Bottom) / 2}\" font-size=\"11\" transform=\"rotate(-90 14 {(Top + Height - Bottom) / 2})\" text-anchor=\"middle\">{E(yLabel)}</text>");
        if (xLabel.Length > 0)
        {
            svg.Append($"<text x=\"{Left}\" y=\"{Height - Bottom + 14}\" font-size=\"10\">{E(xMin)}</text>");
            svg.Append($"<text x=\"{Width - Right}\" y=\"{Height - Bottom + 14}\" text-anchor=\"end\" font-size=\"10\">{E(xMax)}</text>");
            svg.Append($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\">{E(xLabel)}</text>");
        }
        return svg;
    }

    static void Legend(StringBuilder svg, int index, string name, string colour)
    {
        int y = Top + 14 * index;
        svg.Append($"<rect x=\"{Width - Right + 10}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{colour}\"/>");
        svg.Append($"<text x=\"{Width - Right + 24}\" y=\"{y + 9}\" font-size=\"10\">{E(name)}</text>");
    }

    internal static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
    static string E(string text) => WebUtility.HtmlEncode(text);
}
