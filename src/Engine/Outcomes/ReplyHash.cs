namespace Orleans.Noken.Engine.Outcomes;

/// <summary>A stable 64-bit FNV-1a hash of a reply's trimmed text, for counting distinct outputs across shards and
/// silos (string.GetHashCode is randomised per process).</summary>
public static class ReplyHash
{
    public static long Of(string reply)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in reply.Trim())
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
