namespace Orleans.Noken.Silo.Storage;

/// <summary>
/// Serialises the read-check-rename of a state file across every silo in this process (an in-process cluster runs
/// several over one folder). Striped rather than one lock per file: bounded memory however many grains there are,
/// and two grains rarely share a stripe.
/// </summary>
static class FileLocks
{
    static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public static SemaphoreSlim For(string path) =>
        Stripes[(uint)StringComparer.Ordinal.GetHashCode(path) % (uint)Stripes.Length];
}
