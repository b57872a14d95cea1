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
