using Orleans.Runtime;

namespace Orleans.Noken.Silo.Storage;

/// <summary>Refuses at silo start a <see cref="FileGrainStorageOptions"/> without a usable folder path, before any
/// grain finds out on its first write.</summary>
public sealed class FileGrainStorageOptionsValidator(FileGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
            throw new OrleansConfigurationException(
                $"Invalid configuration for file grain storage '{name}': {nameof(FileGrainStorageOptions)}.{nameof(FileGrainStorageOptions.RootDirectory)} is required.");
        if (options.RootDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            throw new OrleansConfigurationException(
                $"Invalid configuration for file grain storage '{name}': {nameof(FileGrainStorageOptions.RootDirectory)} '{options.RootDirectory}' contains characters that are not valid in a path.");
    }
}
