namespace Orleans.Noken.Silo.Worker;

/// <summary>The silo's shard worker, bound from <c>Noken:Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Noken:Worker";

    /// <summary>A silo with the worker off only coordinates and serves the API.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an idle worker waits before asking for work again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a worker running a shard or a hardening job asks whether it should go on (a cancelled or
    /// paused campaign, a cancelled job, a lost lease): the most a cancel waits before the model thread stops. A
    /// hardening job also reports its progress this often.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a worker keeps retrying a store write or a report before giving the shard back.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where the replica runs: <c>cpu</c>, or <c>cuda</c> / <c>cuda:N</c> on a GPU silo (an image built with
    /// <c>-p:NokenTorchBackend=cuda</c>).</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>A campaign's model whose config implies more bytes is refused before anything is allocated
    /// (<c>Noken__Worker__MaxModelBytes</c>; default: the memory this process may use). Set it below a GPU's memory, or
    /// to leave room for other work on the node.</summary>
    public long? MaxModelBytes { get; set; }

    /// <summary>libtorch threads for the replica (default: NOKEN_TORCH_THREADS, else libtorch's own).</summary>
    public int? TorchThreads { get; set; }
}
