namespace Orleans.Noken.Engine.Tokenization;

/// <summary>
/// GPT-2's byte-to-character table (<c>bytes_to_unicode</c>): every byte gets a printable character so a byte-level
/// BPE vocabulary is plain text. Printable Latin-1 bytes map to themselves; the rest (space, control bytes, ...)
/// map to U+0100 onwards, which is why a leading space shows up as "Ġ".
/// </summary>
public static class ByteLevelAlphabet
{
    /// <summary>The character of each byte value, indexed by byte.</summary>
    public static IReadOnlyList<char> ByteToChar { get; } = Build();

    static char[] Build()
    {
        var table = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)(256 + next++);
        }
        return table;
    }

    /// <summary>The byte-level spelling of a piece of text (its UTF-8 bytes, one character each).</summary>
    public static string Encode(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }
}
