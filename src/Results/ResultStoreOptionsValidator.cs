using System.Text.RegularExpressions;

namespace Orleans.Noken.Results;

/// <summary>Every problem with a <see cref="ResultStoreOptions"/>, each naming its configuration key, so a
/// misconfigured silo stops at start-up with the whole list rather than at its first shard.</summary>
public static partial class ResultStoreOptionsValidator
{
    public static IReadOnlyList<string> Validate(ResultStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = ResultStoreOptions.SectionName;
        var errors = new List<string>();
        switch (options.Kind)
        {
            case ResultStoreKind.Folder:
                if (string.IsNullOrWhiteSpace(options.Folder))
                    errors.Add($"{section}:Folder is required when {section}:Kind is Folder.");
                break;
            case ResultStoreKind.Blob:
                bool hasConnection = !string.IsNullOrWhiteSpace(options.ConnectionString);
                bool hasUri = !string.IsNullOrWhiteSpace(options.ServiceUri);
                if (!hasConnection && !hasUri)
                    errors.Add($"{section}:Kind is Blob but neither {section}:ConnectionString nor {section}:ServiceUri is set; set one (from the environment or a secret, never the repository).");
                if (hasConnection && hasUri)
                    errors.Add($"{section}:ConnectionString and {section}:ServiceUri are both set; set one.");
                if (hasUri && !(Uri.TryCreate(options.ServiceUri, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
                    errors.Add($"{section}:ServiceUri '{options.ServiceUri}' is not an absolute http(s) URI such as https://ACCOUNT.blob.core.windows.net.");
                if (!ContainerName().IsMatch(options.Container ?? "") || (options.Container ?? "").Contains("--", StringComparison.Ordinal))
                    errors.Add($"{section}:Container '{options.Container}' is not a valid container name (3-63 lowercase letters, digits and single hyphens, starting with a letter or digit).");
                break;
            default:
                errors.Add($"{section}:Kind '{options.Kind}' is unknown; use Folder or Blob.");
                break;
        }
        return errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();
}
