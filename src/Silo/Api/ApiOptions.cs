namespace Orleans.Noken.Silo.Api;

/// <summary>The HTTP API every silo co-hosts, bound from <c>Noken:Api</c>. The token comes from configuration or
/// the environment (<c>NOKEN_API_TOKEN</c>, or <c>Noken__Api__Token</c> from a Kubernetes Secret).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Noken:Api";

    public bool Enabled { get; set; } = true;

    /// <summary>Where Kestrel listens (ASPNETCORE_URLS also works).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    public string? Token { get; set; }

    /// <summary>The largest request body Kestrel reads (<c>Noken__Api__MaxRequestBytes</c>): a spec is a few KB, and
    /// a client's body is bounded before it costs memory (the reader's own limit on a spec is
    /// <see cref="Engine.Campaigns.CampaignSpecLimits.MaxSpecBytes"/>).</summary>
    public long MaxRequestBytes { get; set; } = 4L << 20;
}
