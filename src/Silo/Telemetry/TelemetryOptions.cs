using Microsoft.Extensions.Configuration;
using Orleans.Noken.Silo.Hosting;

namespace Orleans.Noken.Silo.Telemetry;

/// <summary>Who may read <c>/metrics</c> and how its series name campaigns, bound from <c>Noken:Telemetry</c>
/// (<c>Noken__Telemetry__MetricsAccess</c>, <c>Noken__Telemetry__CampaignLabels</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Noken:Telemetry";

    /// <summary><see cref="MetricsAccess.Token"/> (default): <c>/metrics</c> needs the API's bearer token, as
    /// <c>/api</c> does — the series carry campaign ids, which are spec names. Prometheus sends it with
    /// <c>authorization: { credentials_file: … }</c>; the Helm chart's ServiceMonitor does so from the token's Secret.
    /// <see cref="MetricsAccess.Open"/>: no token, for a scraper that cannot send one (pair it with hashed labels).</summary>
    public MetricsAccess MetricsAccess { get; set; } = MetricsAccess.Token;

    /// <summary><see cref="CampaignLabelKind.Id"/> (default): <c>campaign="the-id"</c>, what the dashboards' campaign
    /// picker shows. <see cref="CampaignLabelKind.Hash"/>: the first 12 hex digits of the id's SHA-256, which names
    /// no project (<c>printf %s ID | sha256sum | cut -c1-12</c> finds a campaign's series).</summary>
    public CampaignLabelKind CampaignLabels { get; set; } = CampaignLabelKind.Id;

    /// <summary>The options, or a configuration error naming the key and the values it takes.</summary>
    public static TelemetryOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var options = new TelemetryOptions();
        var problems = new List<string>();
        options.MetricsAccess = Parse(section, nameof(MetricsAccess), options.MetricsAccess, problems);
        options.CampaignLabels = Parse(section, nameof(CampaignLabels), options.CampaignLabels, problems);
        if (problems.Count > 0) throw new SiloConfigurationException(problems);
        return options;
    }

    static T Parse<T>(IConfigurationSection section, string key, T fallback, List<string> problems) where T : struct, Enum
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)) return value;
        problems.Add($"{SectionName}:{key}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
        return fallback;
    }
}

public enum MetricsAccess { Token, Open }

public enum CampaignLabelKind { Id, Hash }
