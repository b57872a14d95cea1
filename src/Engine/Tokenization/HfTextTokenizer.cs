using System.Text;
using Orleans.Noken.Engine.Checkpoints;

namespace Orleans.Noken.Engine.Tokenization;

/// <summary>
/// A checkpoint's tokenizer: the Rust library encodes and decodes ordinary tokens; special tokens are handled
/// here, because the .NET wrapper's Decode always skips them (measured with Tokenizers.DotNet 1.4.1) and has no flag.
/// </summary>
internal sealed class HfTextTokenizer(
    TokenizerJsonFile json,
    Tokenizers.DotNet.Tokenizer native,
    int? bosTokenId,
    IReadOnlyList<int> eosTokenIds,
    bool addBosToken,
    string? chatTemplate) : ITextTokenizer
{
    public int Size => json.Size;
    public int? BosTokenId => bosTokenId;
    public IReadOnlyList<int> EosTokenIds => eosTokenIds;
    public bool AddBosToken => addBosToken;
    public string? ChatTemplate => chatTemplate;

    public string? TokenOf(int id) => json.IdToToken.GetValueOrDefault(id);

    /// <summary>
    /// A byte-level token's characters map back to bytes through <see cref="ByteLevelAlphabet"/>; SentencePiece's byte
    /// fallback spells one byte as <c>&lt;0xNN&gt;</c>; any other token (special ones included) is the UTF-8 of its
    /// decoded text.
    /// </summary>
    public byte[] BytesOf(int id)
    {
        if (!json.IdToToken.TryGetValue(id, out var token)) return [];
        if (json.SpecialIds.Contains(id)) return Encoding.UTF8.GetBytes(token);
        if (json.DecodesByteLevel && token.All(ByteOfChar.ContainsKey)) return [.. token.Select(c => ByteOfChar[c])];
        if (token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[^1] == '>'
            && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out var single))
            return [single];
        return Encoding.UTF8.GetBytes(Decode([id]));
    }

    static readonly IReadOnlyDictionary<char, byte> ByteOfChar =
        ByteLevelAlphabet.ByteToChar.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    public int[] Encode(string text)
    {
        if (text.Length == 0) return [];
        try
        {
            return native.Encode(text).Select(id => checked((int)id)).ToArray();
        }
        catch (Exception e)
        {
            throw CheckpointException.InFile(json.Path, $"failed to encode text ({e.Message})");
        }
    }

    /// <summary>
    /// Ordinary ids are decoded in runs by the Rust decoder (so multi-byte characters split over tokens come out
    /// whole); a special token ends the run and is written as its content, or dropped when skipping. Ids the
    /// tokenizer does not know (a model's padding rows) are dropped, as Hugging Face's decode does.
    /// </summary>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false)
    {
        var text = new StringBuilder();
        var run = new List<uint>();
        foreach (var id in ids)
        {
            if (!json.IdToToken.TryGetValue(id, out var token)) continue;
            if (!json.SpecialIds.Contains(id))
            {
                run.Add((uint)id);
                continue;
            }
            Flush(run, text);
            if (!skipSpecialTokens) text.Append(token);
        }
        Flush(run, text);
        return text.ToString();
    }

    void Flush(List<uint> run, StringBuilder text)
    {
        if (run.Count == 0) return;
        try
        {
            text.Append(native.Decode([.. run]));
        }
        catch (Exception e)
        {
            throw CheckpointException.InFile(json.Path, $"failed to decode ids ({e.Message})");
        }
        run.Clear();
    }

    public void Dispose() => native.Dispose();
}
