namespace Orleans.Noken.Engine.Tokenization;

/// <summary>A checkpoint's tokenizer: text ↔ ids, plus the special tokens and chat format of tokenizer_config.json.</summary>
public interface ITextTokenizer : IDisposable
{
    /// <summary>Number of ids the tokenizer can emit (max id + 1, added tokens included).</summary>
    int Size { get; }

    /// <summary>Ids for <paramref name="text"/>, with no special tokens added (callers add BOS explicitly).</summary>
    int[] Encode(string text);

    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false);

    /// <summary>The token string of one id (as in the vocabulary, e.g. "Ġthe"), or null when unknown.</summary>
    string? TokenOf(int id);

    /// <summary>
    /// The bytes one id contributes to decoded text. A byte-level token can hold part of a UTF-8 character, so its
    /// bytes are exact where its text alone would be a replacement character. Empty for an unknown id.
    /// </summary>
    byte[] BytesOf(int id);

    int? BosTokenId { get; }
    IReadOnlyList<int> EosTokenIds { get; }

    /// <summary>True when tokenizer_config.json says to put BOS in front of a prompt (Llama's add_bos_token).</summary>
    bool AddBosToken { get; }

    /// <summary>The Jinja chat template of tokenizer_config.json, when the checkpoint has one.</summary>
    string? ChatTemplate { get; }
}
