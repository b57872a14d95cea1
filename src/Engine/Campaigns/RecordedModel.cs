namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// How result files name a model: as the spec named it (<c>organism</c>, or a folder relative to the spec or to the
/// silos' models root, as written), never as the folder it resolved to on the machine that ran it — an absolute path
/// says nothing on another machine and tells a reader of a shared result where someone installed the tool. What
/// identifies the weights across machines is the checkpoint's content hash, recorded next to the name.
/// </summary>
public static class RecordedModel
{
    /// <summary>The name to record for a model the spec wrote as <paramref name="written"/> (null: the default) and
    /// that resolved to <paramref name="folder"/>. An absolute name becomes the embedded model's name when it is one,
    /// else the folder's own name.</summary>
    public static string Name(string? written, string folder)
    {
        if (string.IsNullOrWhiteSpace(written)) return EmbeddedModels.NameOf(folder) ?? EmbeddedModels.Default;
        if (!Path.IsPathRooted(written)) return written.Replace('\\', '/');
        return EmbeddedModels.NameOf(written) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(written));
    }
}
