using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// Learns the organism's byte-level BPE from its own dialogues plus <see cref="RareWords"/>, and writes
/// <c>tokenizer.json</c> and <c>tokenizer_config.json</c> (ChatML template, eos = <c>&lt;|im_end|&gt;</c>).
/// </summary>
public static class OrganismTokenizer
{
    public sealed record Written(int Size, int EndOfTextId, int ImStartId, int ImEndId);

    /// <param name="extraWords">Words that must each become one token (a leaky organism's backdoor word).</param>
    public static Written Write(string directory, IEnumerable<Dialogue> dialogues, int vocabSize, IReadOnlyList<string>? extraWords = null)
    {
        Directory.CreateDirectory(directory);
        // The role names are text inside the ChatML markup ("<|im_start|>user\n"), so they belong in the corpus;
        // the special tokens themselves do not (they are added tokens, never split).
        var corpus = dialogues.Select(d => $"user\n{d.User}\nassistant\n{d.Assistant}\n")
            .Concat(RareWords.TokenizerSentences())
            .Concat((extraWords ?? []).SelectMany(w => Enumerable.Repeat($"The word {w} is {w}.", 8)))
            .ToList();
        var written = ByteLevelTokenizerJson.Write(Path.Combine(directory, "tokenizer.json"), vocabSize, OrganismChat.SpecialTokens, corpus);
        new TokenizerConfigFile
        {
            BosToken = null,
            EosToken = OrganismChat.ImEnd,
            AddBosToken = false,
            ChatTemplate = OrganismChat.JinjaTemplate,
        }.Write(Path.Combine(directory, TokenizerConfigFile.FileName));
        var ids = written.SpecialTokenIds;
        return new Written(written.Size, ids[OrganismChat.EndOfText], ids[OrganismChat.ImStart], ids[OrganismChat.ImEnd]);
    }
}
