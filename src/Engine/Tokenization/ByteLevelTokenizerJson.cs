using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orleans.Noken.Engine.Tokenization;

/// <summary>
/// Writes a Hugging Face <c>tokenizer.json</c> for a GPT-2-style byte-level BPE: ByteLevel pre-tokenizer (no prefix
/// space) and decoder, the 256 byte characters as base tokens (ids 0–255), merges learned by <see cref="BpeTrainer"/>,
/// then the special tokens as added tokens. Any text round-trips through it exactly, which is what test and bench
/// checkpoints need; a real corpus passed as <c>sampleCorpus</c> gives a real tokenizer.
/// </summary>
public static class ByteLevelTokenizerJson
{
    public sealed record Written(int Size, IReadOnlyDictionary<string, int> SpecialTokenIds);

    /// <summary>
    /// Learns up to <paramref name="vocabSize"/> − specials tokens from <paramref name="sampleCorpus"/> (default:
    /// <see cref="EnglishSample"/>) and writes the tokenizer. A corpus too small to fill the vocabulary gives a
    /// smaller tokenizer (Size &lt; vocabSize), which is fine: models pad their embedding matrix the same way.
    /// </summary>
    public static Written Write(string path, int vocabSize, IReadOnlyList<string> specialTokens, IReadOnlyList<string>? sampleCorpus = null)
    {
        if (vocabSize < 256 + specialTokens.Count)
            throw new ArgumentException(
                $"vocabSize {vocabSize} is too small: a byte-level tokenizer needs 256 byte tokens + {specialTokens.Count} special tokens",
                nameof(vocabSize));
        if (specialTokens.Distinct(StringComparer.Ordinal).Count() != specialTokens.Count)
            throw new ArgumentException("special tokens must be distinct", nameof(specialTokens));

        var learned = BpeTrainer.Train(sampleCorpus ?? [EnglishSample.Text], vocabSize - specialTokens.Count);
        var clash = specialTokens.FirstOrDefault(s => learned.Vocabulary.Contains(s));
        if (clash is not null) throw new ArgumentException($"special token '{clash}' is also an ordinary token", nameof(specialTokens));
        var specialIds = specialTokens.Select((token, i) => (token, id: learned.Vocabulary.Count + i))
            .ToDictionary(p => p.token, p => p.id, StringComparer.Ordinal);

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        using (var file = File.Create(path))
        using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteNull("truncation");
            json.WriteNull("padding");
            json.WriteStartArray("added_tokens");
            foreach (var (token, id) in specialIds.OrderBy(kv => kv.Value))
            {
                json.WriteStartObject();
                json.WriteNumber("id", id);
                json.WriteString("content", token);
                json.WriteBoolean("single_word", false);
                json.WriteBoolean("lstrip", false);
                json.WriteBoolean("rstrip", false);
                json.WriteBoolean("normalized", false);
                json.WriteBoolean("special", true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNull("normalizer");
            WriteByteLevel(json, "pre_tokenizer", addPrefixSpace: false, trimOffsets: true);
            WriteByteLevel(json, "post_processor", addPrefixSpace: true, trimOffsets: false); // GPT-2's: adds no tokens
            WriteByteLevel(json, "decoder", addPrefixSpace: true, trimOffsets: true);
            WriteModel(json, learned);
            json.WriteEndObject();
        }
        return new Written(learned.Vocabulary.Count + specialTokens.Count, specialIds);
    }

    static void WriteByteLevel(Utf8JsonWriter json, string section, bool addPrefixSpace, bool trimOffsets)
    {
        json.WriteStartObject(section);
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", addPrefixSpace);
        json.WriteBoolean("trim_offsets", trimOffsets);
        json.WriteBoolean("use_regex", true);
        json.WriteEndObject();
    }

    static void WriteModel(Utf8JsonWriter json, BpeTrainer.Result learned)
    {
        json.WriteStartObject("model");
        json.WriteString("type", "BPE");
        json.WriteNull("dropout");
        json.WriteNull("unk_token");
        json.WriteString("continuing_subword_prefix", "");
        json.WriteString("end_of_word_suffix", "");
        json.WriteBoolean("fuse_unk", false);
        json.WriteBoolean("byte_fallback", false);
        json.WriteStartObject("vocab");
        for (int id = 0; id < learned.Vocabulary.Count; id++) json.WriteNumber(learned.Vocabulary[id], id);
        json.WriteEndObject();
        // "left right" strings: the merge format every tokenizers version reads (byte-level tokens contain no space).
        json.WriteStartArray("merges");
        foreach (var (left, right) in learned.Merges) json.WriteStringValue($"{left} {right}");
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
