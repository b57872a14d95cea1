using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>A Prometheus text exposition (a silo's <c>/metrics</c>), parsed into samples: name, labels, value.</summary>
public sealed partial class MetricsScrape
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    MetricsScrape(string text, IReadOnlyList<Sample> samples) => (Text, Samples) = (text, samples);

    public string Text { get; }
    public IReadOnlyList<Sample> Samples { get; }

    public static async Task<MetricsScrape> ReadAsync(HttpClient http, Uri silo)
    {
        var text = await http.GetStringAsync(new Uri(silo, "/metrics"));
        return Parse(text);
    }

    public static MetricsScrape Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (Match m in SampleLine().Matches(text))
        {
            var labels = LabelPair().Matches(m.Groups["labels"].Value)
                .ToDictionary(l => l.Groups["key"].Value, l => Regex.Unescape(l.Groups["value"].Value), StringComparer.Ordinal);
            samples.Add(new Sample(m.Groups["name"].Value, labels, Value(m.Groups["value"].Value)));
        }
        return new MetricsScrape(text, samples);
    }

    static double Value(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    /// <summary>The samples of <paramref name="metric"/> carrying every one of <paramref name="labels"/> (key=value).</summary>
    public IEnumerable<Sample> Of(string metric, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == metric && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    /// <summary>The sum of the matching samples (0 when none).</summary>
    public double Sum(string metric, params (string Key, string Value)[] labels) => Of(metric, labels).Sum(s => s.Value);

    /// <summary>Matching samples' sums per value of <paramref name="label"/>.</summary>
    public Dictionary<string, double> SumBy(string metric, string label, params (string Key, string Value)[] labels) =>
        Of(metric, labels).Where(s => s.Labels.ContainsKey(label)).GroupBy(s => s.Labels[label])
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);

    public bool Has(string metric) => Samples.Any(s => s.Name == metric);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
