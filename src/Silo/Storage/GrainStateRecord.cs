namespace Orleans.Noken.Silo.Storage;

/// <summary>
/// The content of one state file: an 8-byte magic, the ETag as a 16-byte GUID, then the serializer's payload as is.
/// The ETag lives inside the file, not in its timestamp, so it changes with every write however fast writes follow
/// each other, and a copied or restored folder keeps its ETags.
/// </summary>
public readonly record struct GrainStateRecord(string ETag, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The magic and the ETag, before the payload.</summary>
    public const int HeaderLength = 24;
    static ReadOnlySpan<byte> Magic => "NOKENGS1"u8;

    /// <summary>A fresh ETag: unique per write, so a writer holding any earlier one is stale.</summary>
    public static string NewETag() => Guid.NewGuid().ToString("N");

    /// <summary>The file header of a record with <paramref name="etag"/>; the payload follows it.</summary>
    public static byte[] Header(string etag)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header);
        Guid.ParseExact(etag, "N").TryWriteBytes(header.AsSpan(Magic.Length));
        return header;
    }

    /// <summary>Decodes a whole file; <paramref name="path"/> only names it in the error.</summary>
    /// <exception cref="InvalidDataException">The file is not a state record (truncated, or not ours).</exception>
    public static GrainStateRecord Decode(byte[] file, string path) =>
        new(ETagOf(file, path), file.AsMemory(HeaderLength));

    /// <summary>The ETag in a file's first <see cref="HeaderLength"/> bytes (or fewer, if the file is shorter).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a state record's header.</exception>
    public static string ETagOf(ReadOnlySpan<byte> header, string path)
    {
        if (header.Length < HeaderLength || !header[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException(
                $"'{path}' is not a grain state file (expected a {HeaderLength}-byte header starting with '{System.Text.Encoding.ASCII.GetString(Magic)}'). " +
                "Move it out of the grain storage folder or delete it to reset that grain's state.");
        return new Guid(header.Slice(Magic.Length, 16)).ToString("N");
    }
}
