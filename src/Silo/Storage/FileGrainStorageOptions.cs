using Orleans.Storage;

namespace Orleans.Noken.Silo.Storage;

/// <summary>
/// Options of <see cref="FileGrainStorage"/>: the grain state of the embedded default (<c>noken run</c> with no cluster
/// configured) kept as one file per grain state in a folder.
/// </summary>
/// <remarks>
/// Files are keyed by the cluster's ServiceId, the grain id and the state name (as Orleans' Redis storage keys its
/// entries), so a silo started with another ServiceId does not see them.
/// </remarks>
public sealed class FileGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The folder that holds the state files; created at silo start if missing. A relative path is taken
    /// from the process's current directory when the provider is created.</summary>
    public string RootDirectory { get; set; } = "";

    /// <summary>The silo lifecycle stage at which the folder is created and checked for writes.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>The serializer of state payloads; left unset, the silo's <see cref="IGrainStorageSerializer"/>.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
