using Orleans.Runtime;

namespace Orleans.Noken.Silo.Tests.Infrastructure;

/// <summary>Test state with the shapes real grain state has (a list, a dictionary, a nested record).</summary>
[GenerateSerializer, Alias("noken.tests.Notebook")]
public sealed class Notebook
{
    [Id(0)] public List<string> Lines { get; set; } = [];
    [Id(1)] public Dictionary<string, double> Scores { get; set; } = [];
    [Id(2)] public Entry? Last { get; set; }
}

[GenerateSerializer, Immutable, Alias("noken.tests.Entry")]
public sealed record Entry([property: Id(0)] string Text, [property: Id(1)] int Number);

/// <summary>What the grain's persistent state says about its stored record.</summary>
[GenerateSerializer, Immutable, Alias("noken.tests.StoredRecord")]
public sealed record StoredRecord([property: Id(0)] bool Exists, [property: Id(1)] string? ETag);

public interface INotebookGrain : IGrainWithStringKey
{
    Task AppendAsync(string line);
    Task<Notebook> ReadAsync();
    Task<StoredRecord> StoredAsync();
    Task ClearAsync();
}

/// <summary>A notebook kept by the file grain storage named "files".</summary>
public interface IFileNotebookGrain : INotebookGrain;

/// <summary>A notebook kept by Orleans' Redis grain storage named "redis".</summary>
public interface IRedisNotebookGrain : INotebookGrain;

public abstract class NotebookGrain(IPersistentState<Notebook> notebook) : Grain, INotebookGrain
{
    public async Task AppendAsync(string line)
    {
        notebook.State.Lines.Add(line);
        notebook.State.Scores[line] = line.Length / 10.0;
        notebook.State.Last = new Entry(line, notebook.State.Lines.Count);
        await notebook.WriteStateAsync();
    }

    public Task<Notebook> ReadAsync() => Task.FromResult(notebook.State);

    public Task<StoredRecord> StoredAsync() => Task.FromResult(new StoredRecord(notebook.RecordExists, notebook.Etag));

    public Task ClearAsync() => notebook.ClearStateAsync();
}

public sealed class FileNotebookGrain([PersistentState("state", "files")] IPersistentState<Notebook> notebook)
    : NotebookGrain(notebook), IFileNotebookGrain;

public sealed class RedisNotebookGrain([PersistentState("state", "redis")] IPersistentState<Notebook> notebook)
    : NotebookGrain(notebook), IRedisNotebookGrain;
