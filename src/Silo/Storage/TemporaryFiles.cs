using Microsoft.Extensions.Logging;

namespace Orleans.Noken.Silo.Storage;

/// <summary>
/// The temporary files of atomic writes: created next to their target (a rename is atomic only within one file
/// system), hidden, and swept at start when a crash left them behind.
/// </summary>
static partial class TemporaryFiles
{
    const string Pattern = ".*.tmp";

    // Old enough that no live writer (in this process or another silo on the folder) can still own it.
    static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    public static string NextTo(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the error being reported matters more
    }

    public static void DeleteAbandoned(string folder, ILogger logger)
    {
        var cutoff = DateTime.UtcNow - AbandonedAfter;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles(Pattern))
        {
            if (file.LastWriteTimeUtc >= cutoff) continue;
            TryDelete(file.FullName);
            LogDeleted(logger, file.FullName);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Path}, a temporary file a crashed write left behind")]
    static partial void LogDeleted(ILogger logger, string path);
}
