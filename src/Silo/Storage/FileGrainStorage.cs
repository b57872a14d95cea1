using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Noken.Silo.Storage;

/// <summary>
/// Orleans grain storage that keeps each grain state as one file in a folder: the grain state of the embedded default
/// (<c>noken run</c> with no cluster configured). Writes are atomic (a temporary file renamed over the old one, so a
/// crash leaves the old state or the new one, never half of one) and checked against the ETag the grain last read.
/// </summary>
/// <remarks>
/// The ETag check and the rename run under a lock shared by every silo in this process, which is enough for the
/// embedded default (one process). Several hosts sharing one folder need a store with server-side checks: Redis.
/// </remarks>
public sealed partial class FileGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    readonly string name;
    readonly string rootDirectory;
    readonly string serviceId;
    readonly FileGrainStorageOptions options;
    readonly IActivatorProvider activators;
    readonly ILogger logger;

    public FileGrainStorage(string name, FileGrainStorageOptions options, IOptions<ClusterOptions> cluster,
        IActivatorProvider activators, ILogger<FileGrainStorage> logger)
    {
        this.name = name;
        this.options = options;
        this.activators = activators;
        this.logger = logger;
        rootDirectory = Path.GetFullPath(options.RootDirectory);
        serviceId = cluster.Value.ServiceId;
    }

    /// <summary>The folder the state files live in (absolute).</summary>
    public string RootDirectory => rootDirectory;

    /// <summary>Creates the provider named <paramref name="name"/> from its named options (the factory that
    /// <c>AddGrainStorage</c> registers). Returns the concrete type so that Orleans also registers it as a lifecycle
    /// participant.</summary>
    public static FileGrainStorage Create(IServiceProvider services, string name) =>
        ActivatorUtilities.CreateInstance<FileGrainStorage>(services, name,
            services.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name));

    /// <summary>The file that holds <paramref name="stateName"/> of <paramref name="grainId"/>.</summary>
    public string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(rootDirectory, GrainStateFileName.For(serviceId, grainId, stateName));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        var record = await TryReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (record is not { } found)
        {
            Reset(grainState);
            return;
        }
        grainState.State = Serializer.Deserialize<T>(new BinaryData(found.Payload));
        grainState.ETag = found.ETag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        // Serialize before taking the lock: it is the slow part and touches nothing shared.
        var payload = Serializer.Serialize(grainState.State);
        var etag = GrainStateRecord.NewETag();
        var gate = FileLocks.For(path);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await TryReadETagAsync(path, cancellationToken).ConfigureAwait(false);
            // A missing file accepts only a writer that never saw one; a present file only the writer of its ETag.
            if (!string.Equals(stored, NullIfEmpty(grainState.ETag), StringComparison.Ordinal))
                throw Conflict("write", stateName, grainId, stored, grainState.ETag);
            await ReplaceAsync(path, GrainStateRecord.Header(etag), payload.ToMemory(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        var gate = FileLocks.For(path);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Clearing what is already gone succeeds: the caller wanted no record and there is none.
            if (await TryReadETagAsync(path, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                if (!string.Equals(stored, grainState.ETag, StringComparison.Ordinal))
                    throw Conflict("clear", stateName, grainId, stored, grainState.ETag);
                Delete(path);
            }
        }
        finally
        {
            gate.Release();
        }
        Reset(grainState);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<FileGrainStorage>(name), options.InitStage, InitAsync);

    // Fails the silo's start, not a grain's first write, when the folder is unusable.
    Task InitAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(rootDirectory);
            var probe = Path.Combine(rootDirectory, $".probe-{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OrleansConfigurationException(
                $"File grain storage '{name}' cannot write to its folder '{rootDirectory}': {e.Message} " +
                $"Set {nameof(FileGrainStorageOptions)}.{nameof(FileGrainStorageOptions.RootDirectory)} to a writable folder.", e);
        }
        TemporaryFiles.DeleteAbandoned(rootDirectory, logger);
        LogStarted(name, rootDirectory);
        return Task.CompletedTask;
    }

    IGrainStorageSerializer Serializer => options.GrainStorageSerializer
        ?? throw new InvalidOperationException($"File grain storage '{name}' has no serializer: register it with AddFileGrainStorage.");

    async Task ReplaceAsync(string path, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var temporary = TemporaryFiles.NextTo(path);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                             bufferSize: 1, FileOptions.Asynchronous))
            {
                await file.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await file.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
                // On disk before the rename makes it visible: otherwise a power cut could leave the new name on
                // an empty file.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true); // rename(2): atomic within one folder
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TemporaryFiles.TryDelete(temporary);
            if (e is OperationCanceledException) throw;
            LogWriteFailed(e, name, path);
            throw Unwritable($"could not write {path}", e);
        }
    }

    void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable($"could not delete {path}", e);
        }
    }

    // The ETag checks read the header only: a state can be megabytes (an elite archive) and the check runs on every write.
    static async Task<string?> TryReadETagAsync(string path, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        await using (file)
        {
            var header = new byte[GrainStateRecord.HeaderLength];
            var read = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return GrainStateRecord.ETagOf(header.AsSpan(0, read), path);
        }
    }

    static async Task<GrainStateRecord?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] file;
        try
        {
            file = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return GrainStateRecord.Decode(file, path);
    }

    void Reset<T>(IGrainState<T> grainState)
    {
        // A fresh instance, not default(T): grains read State without a null check on first activation.
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    static string? NullIfEmpty(string? etag) => string.IsNullOrEmpty(etag) ? null : etag;

    InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? stored, string? current) =>
        new($"File grain storage '{name}' refused to {operation} state '{stateName}' of {grainId}: it was written since this " +
            $"activation read it (stored ETag {stored ?? "<none>"}, caller's ETag {current ?? "<none>"}).", stored ?? "", current ?? "");

    IOException Unwritable(string what, Exception inner) =>
        new($"File grain storage '{name}' {what}: {inner.Message} Check that '{rootDirectory}' is writable and has space.", inner);

    [LoggerMessage(Level = LogLevel.Information, Message = "File grain storage {Name} keeps grain state in {RootDirectory}")]
    partial void LogStarted(string name, string rootDirectory);

    [LoggerMessage(Level = LogLevel.Error, Message = "File grain storage {Name} could not write {Path}")]
    partial void LogWriteFailed(Exception exception, string name, string path);
}
