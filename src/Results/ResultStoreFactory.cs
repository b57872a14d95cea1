using Azure.Identity;
using Azure.Storage.Blobs;

namespace Orleans.Noken.Results;

/// <summary>Builds the store that <see cref="ResultStoreOptions"/> describes, after validating them.</summary>
public static class ResultStoreFactory
{
    public static IResultStore Create(ResultStoreOptions options)
    {
        var errors = ResultStoreOptionsValidator.Validate(options);
        if (errors.Count > 0) throw new ResultStoreOptionsException(errors);
        if (options.Kind == ResultStoreKind.Folder) return new FolderResultStore(options.Folder!);

        var clientOptions = BlobResultStore.DefaultClientOptions();
        var service = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(new Uri(options.ServiceUri!), new DefaultAzureCredential(), clientOptions)
            : new BlobServiceClient(options.ConnectionString, clientOptions);
        return new BlobResultStore(service.GetBlobContainerClient(options.Container));
    }
}
