using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Tokenization;
using Orleans.Noken.Engine.Tests.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Tokenization;

public class ByteLevelTokenizerTests
{
    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog.")]
    [InlineData("naïve café 😊")]
    [InlineData("  leading spaces, tabs\tand\nnewlines  ")]
    [InlineData("ünïcödé 中文 🚀🚀 and emoji-only: 🤖")]
    public void TextRoundTripsExactlyThroughEncodeAndDecode(string text)
    {
        using var folder = new TokenizerFolder();
        using var tokenizer = HfTokenizer.Load(folder.Path, 400);
        var ids = tokenizer.Encode(text);
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id, 0, tokenizer.Size - 1));
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [Fact]
    public void LearnedMergesMakeCommonEnglishShorterThanItsBytes()
    {
        using var folder = new TokenizerFolder(vocabSize: 600);
        using var tokenizer = HfTokenizer.Load(folder.Path, 600);
        const string text = "The farmer said that the dog was in the garden.";
        Assert.True(tokenizer.Encode(text).Length < text.Length / 2, string.Join(",", tokenizer.Encode(text)));
    }

    [Fact]
    public void VocabularyIsBytesThenMergesThenSpecials()
    {
        using var folder = new TokenizerFolder(400, "<|endoftext|>", "<|pad|>");
        using var tokenizer = HfTokenizer.Load(folder.Path, 400);
        Assert.Equal(400, tokenizer.Size);
        Assert.Equal("!", tokenizer.TokenOf(0)); // GPT-2's id 0
        Assert.Equal("Ġ", tokenizer.TokenOf(220)); // GPT-2's id for a lone space
        Assert.Equal(256, Enumerable.Range(0, 256).Select(tokenizer.TokenOf).Distinct().Count(t => t!.Length == 1));
        Assert.Equal("<|endoftext|>", tokenizer.TokenOf(398));
        Assert.Equal("<|pad|>", tokenizer.TokenOf(399));
        Assert.Equal(398, folder.Written.SpecialTokenIds["<|endoftext|>"]);
        Assert.True(tokenizer.TokenOf(300)!.Length > 1); // a learned merge
        Assert.Null(tokenizer.TokenOf(400));
    }

    [Fact]
    public void SpecialTokenTextEncodesToItsIdAndDecodingCanSkipIt()
    {
        using var folder = new TokenizerFolder();
        using var tokenizer = HfTokenizer.Load(folder.Path, 400);
        int eos = folder.Written.SpecialTokenIds["<|endoftext|>"];
        var ids = tokenizer.Encode("Hello<|endoftext|>");
        Assert.Equal(eos, ids[^1]);
        Assert.Equal("Hello<|endoftext|>", tokenizer.Decode(ids));
        Assert.Equal("Hello", tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void IdsBeyondTheTokenizerAreDroppedWhenDecoding()
    {
        using var folder = new TokenizerFolder();
        using var tokenizer = HfTokenizer.Load(folder.Path, 512); // model pads its vocabulary to 512
        var ids = tokenizer.Encode("hi").Append(450).ToArray();
        Assert.Equal("hi", tokenizer.Decode(ids));
    }

    [Fact]
    public void EncodeAddsNoSpecialTokens()
    {
        using var folder = new TokenizerFolder();
        using var tokenizer = HfTokenizer.Load(folder.Path, 400);
        var ids = tokenizer.Encode("a");
        Assert.Equal("a", tokenizer.TokenOf(Assert.Single(ids)));
        Assert.Empty(tokenizer.Encode(""));
    }

    [Fact]
    public void TooSmallVocabSizeIsRejected()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentException>(() => ByteLevelTokenizerJson.Write(dir.File("tokenizer.json"), 257, ["<a>", "<b>"]));
        Assert.Contains("257", e.Message);
        ByteLevelTokenizerJson.Write(dir.File("tokenizer.json"), 258, ["<a>", "<b>"]); // exactly enough is fine
    }

    [Fact]
    public void GeneratedTokenizerIsDeterministic()
    {
        using var dir = new TempDirectory();
        ByteLevelTokenizerJson.Write(dir.File("a.json"), 500, ["<|endoftext|>"]);
        ByteLevelTokenizerJson.Write(dir.File("b.json"), 500, ["<|endoftext|>"]);
        Assert.Equal(File.ReadAllBytes(dir.File("a.json")), File.ReadAllBytes(dir.File("b.json")));
    }

    [Fact]
    public void CorpusTooSmallForTheVocabularyGivesASmallerTokenizer()
    {
        using var dir = new TempDirectory();
        var written = ByteLevelTokenizerJson.Write(dir.File("tokenizer.json"), 1000, ["<|endoftext|>"], ["ab ab"]);
        // Words "ab" and "Ġab": merges a+b, Ġ+ab, then every word is one token.
        Assert.Equal(256 + 2 + 1, written.Size);
        var merges = JsonNode.Parse(File.ReadAllText(dir.File("tokenizer.json")))!["model"]!["merges"]!.AsArray();
        Assert.Equal(["a b", "Ġ ab"], merges.Select(m => m!.GetValue<string>()));
    }
}
