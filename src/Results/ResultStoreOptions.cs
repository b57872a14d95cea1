namespace Orleans.Noken.Results;

/// <summary>
/// Which result store to use, bound from the <c>ResultStore</c> configuration section (environment variables
/// override: <c>ResultStore__Kind=Blob</c>, <c>ResultStore__ConnectionString=...</c>). Secrets come from
/// configuration or the environment only, never from the repository.
/// </summary>
public sealed record ResultStoreOptions
{
    public const string SectionName = "ResultStore";

    /// <summary>Folder (default) or Blob.</summary>
    public ResultStoreKind Kind { get; set; } = ResultStoreKind.Folder;

    /// <summary>Folder kind: the root folder.</summary>
    public string? Folder { get; set; }

    /// <summary>Blob kind, shared-key or SAS access: a storage connection string. Set this or <see cref="ServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob kind, token access: the account's blob endpoint (https://ACCOUNT.blob.core.windows.net), reached
    /// with <c>DefaultAzureCredential</c> (workload identity on Kubernetes, az login on a laptop).</summary>
    public string? ServiceUri { get; set; }

    /// <summary>Blob kind: the container, created on first use if missing.</summary>
    public string Container { get; set; } = "noken-results";

    /// <summary>Never print the connection string: it usually carries the account key.</summary>
    public override string ToString() =>
        Kind == ResultStoreKind.Folder ? $"folder {Folder}"
        : ConnectionString is not null ? $"blob container {Container} (connection string)"
        : $"blob container {Container} at {ServiceUri} (DefaultAzureCredential)";
}
