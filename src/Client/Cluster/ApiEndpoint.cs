namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// Where the cluster's API is and the token it wants. The URL comes from <c>--api</c>, else
/// <see cref="UrlVariable"/>, else a silo on this machine; the token only from <see cref="TokenVariable"/>, because a
/// secret on the command line ends up in shell history and in every process listing.
/// </summary>
internal sealed record ApiEndpoint(Uri BaseUrl, string? Token)
{
    public const string UrlVariable = "NOKEN_API_URL";
    public const string TokenVariable = "NOKEN_API_TOKEN";
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static ApiEndpoint FromEnvironment(string? apiOption) =>
        Resolve(apiOption, Environment.GetEnvironmentVariable);

    public static ApiEndpoint Resolve(string? apiOption, Func<string, string?> environment)
    {
        var (url, source) = !string.IsNullOrWhiteSpace(apiOption) ? (apiOption, "--api")
            : environment(UrlVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment) ? (fromEnvironment, UrlVariable)
            : (DefaultUrl, "the default");
        var token = environment(TokenVariable);
        return new ApiEndpoint(ParseUrl(url.Trim(), source), string.IsNullOrWhiteSpace(token) ? null : token.Trim());
    }

    /// <summary>An absolute http(s) URL ending in '/', so relative paths ("api/campaigns") append to any path prefix
    /// the API is served under (a reverse proxy's <c>/noken/</c>) instead of replacing its last segment.</summary>
    static Uri ParseUrl(string url, string source)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{source}: '{url}' is not an http:// or https:// URL (e.g. {DefaultUrl})");
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }

    /// <summary>The URL as people typed it, for messages.</summary>
    public string Display => BaseUrl.ToString().TrimEnd('/');
}
