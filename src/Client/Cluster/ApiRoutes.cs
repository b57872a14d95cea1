namespace Orleans.Noken.Client.Cluster;

/// <summary>The API's paths, relative to its base URL. Ids and file paths are escaped segment by segment: a campaign
/// id comes from a spec's name and may hold anything, and a file path's '/' must stay a separator.</summary>
internal static class ApiRoutes
{
    public const string Campaigns = "api/campaigns";

    public static string Campaign(string id) => $"{Campaigns}/{Segment(id, "campaign id")}";
    public static string Action(string id, string action) => $"{Campaign(id)}/{action}";
    public static string Elites(string id) => $"{Campaign(id)}/elites";
    public static string Files(string id) => $"{Campaign(id)}/files";

    public static string File(string id, string path)
    {
        var segments = path.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"'{path}' is not a file path inside a campaign (like shards/NAME.summary.json)");
        return $"{Files(id)}/{string.Join('/', segments.Select(Uri.EscapeDataString))}";
    }

    static string Segment(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"the {what} is empty");
        return Uri.EscapeDataString(value);
    }
}
