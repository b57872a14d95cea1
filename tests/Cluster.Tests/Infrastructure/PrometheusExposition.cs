using System.Globalization;
using System.Text;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>One sample line of a scrape: <c>name{label="value",…} value [timestamp]</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A scrape in the Prometheus text format (what <c>GET /metrics</c> returns), parsed into samples: label values may
/// hold escaped quotes, commas and braces, which a regular expression over the line gets wrong. Shared by every test
/// that reads a real scrape (the dashboards' metric names, the counters against the result store).
/// </summary>
public sealed class PrometheusExposition
{
    public PrometheusExposition(IReadOnlyList<PrometheusSample> samples) => Samples = samples;

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Every sample name (a histogram shows up as its <c>_bucket</c>, <c>_sum</c> and <c>_count</c>).</summary>
    public IReadOnlySet<string> Names => Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The label names a metric's samples carry, over all its samples.</summary>
    public IReadOnlySet<string> LabelNames(string metric) =>
        Samples.Where(s => s.Name == metric).SelectMany(s => s.Labels.Keys).ToHashSet(StringComparer.Ordinal);

    /// <summary>The sum of a metric's samples whose labels include every given pair.</summary>
    public double Sum(string metric, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == metric && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    public static PrometheusExposition Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        int number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            try { samples.Add(ParseLine(line)); }
            catch (FormatException e) { throw new FormatException($"scrape line {number}: {e.Message}: {line}", e); }
        }
        return new PrometheusExposition(samples);
    }

    static PrometheusSample ParseLine(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] is not ('{' or ' ' or '\t')) i++;
        var name = line[..i];
        if (name.Length == 0) throw new FormatException("no metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                while (i < line.Length && line[i] is ' ' or ',') i++;
                if (i >= line.Length) throw new FormatException("unterminated label set");
                if (line[i] == '}') { i++; break; }
                int eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"') throw new FormatException("expected label=\"value\"");
                var label = line[i..eq].Trim();
                var value = new StringBuilder();
                for (i = eq + 2; ; i++)
                {
                    if (i >= line.Length) throw new FormatException($"unterminated value of {label}");
                    char c = line[i];
                    if (c == '"') { i++; break; }
                    if (c == '\\' && i + 1 < line.Length)
                    {
                        char e = line[++i];
                        value.Append(e == 'n' ? '\n' : e);
                    }
                    else value.Append(c);
                }
                labels[label] = value.ToString();
            }
        }
        var rest = line[i..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0) throw new FormatException("no value");
        return new PrometheusSample(name, labels, ParseValue(rest[0]));
    }

    static double ParseValue(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"bad value '{text}'"),
    };
}
