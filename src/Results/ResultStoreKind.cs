namespace Orleans.Noken.Results;

public enum ResultStoreKind
{
    /// <summary>A local folder: the embedded default.</summary>
    Folder,

    /// <summary>An Azure Blob container (Azurite in tests).</summary>
    Blob,
}
