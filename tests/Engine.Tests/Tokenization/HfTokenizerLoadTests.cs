using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Tests.Checkpoints;
using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Tests.Tokenization;

public class HfTokenizerLoadTests
{
    [Fact]
    public void MissingTokenizerJsonIsRefusedNamingTheFile()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<CheckpointException>(() => HfTokenizer.Load(dir.Path, 100));
        Assert.Contains(dir.File("tokenizer.json"), e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void InvalidTokenizerJsonIsRefusedNamingTheFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), "{\"model\": {\"vocab\": ");
        var e = Assert.Throws<CheckpointException>(() => HfTokenizer.Load(dir.Path, 100));
        Assert.Contains(dir.File("tokenizer.json"), e.Message);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void TokenizerTheRustLibraryRejectsIsWrappedNamingTheFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), """{"model": {"type": "NoSuchModel", "vocab": {"a": 0, "b": 1}}}""");
        var e = Assert.Throws<CheckpointException>(() => HfTokenizer.Load(dir.Path, 100));
        Assert.Contains(dir.File("tokenizer.json"), e.Message);
        Assert.Contains("tokenizers library", e.Message);
    }

    [Fact]
    public void TokenizerLargerThanTheModelVocabularyIsRefused()
    {
        using var folder = new TokenizerFolder(vocabSize: 400);
        var e = Assert.Throws<CheckpointException>(() => HfTokenizer.Load(folder.Path, 300));
        Assert.Contains(folder.TokenizerJson, e.Message);
        Assert.Contains("has ids up to 399 but the model's vocab_size is 300", e.Message);
    }

    [Fact]
    public void TokenizerSmallerThanThePaddedModelVocabularyIsAccepted()
    {
        using var folder = new TokenizerFolder(vocabSize: 400);
        using var tokenizer = HfTokenizer.Load(folder.Path, 448);
        Assert.Equal(400, tokenizer.Size);
    }

    [Fact]
    public void ConfigGivesBosEosAddBosAndChatTemplate()
    {
        using var folder = new TokenizerFolder(400, "<s>", "</s>");
        File.WriteAllText(Path.Combine(folder.Path, "tokenizer_config.json"), """
            {
              "add_bos_token": true,
              "bos_token": {"content": "<s>", "lstrip": false, "normalized": false, "rstrip": false, "single_word": false, "__type": "AddedToken"},
              "eos_token": "</s>",
              "chat_template": "{% for m in messages %}{{ m['content'] }}{% endfor %}"
            }
            """);
        using var tokenizer = HfTokenizer.Load(folder.Path, 400);
        Assert.Equal(398, tokenizer.BosTokenId);
        Assert.Equal([399], tokenizer.EosTokenIds);
        Assert.True(tokenizer.AddBosToken);
        Assert.Equal("{% for m in messages %}{{ m['content'] }}{% endfor %}", tokenizer.ChatTemplate);
    }

    [Fact]
    public void ChatTemplateListYieldsTheDefaultOne()
    {
        using var folder = new TokenizerFolder();
        File.WriteAllText(Path.Combine(folder.Path, "tokenizer_config.json"), """
            {"chat_template": [{"name": "tool_use", "template": "TOOLS"}, {"name": "default", "template": "CHAT"}]}
            """);
        using var tokenizer = HfTokenizer.Load(folder.Path, 400);
        Assert.Equal("CHAT", tokenizer.ChatTemplate);
        Assert.Null(tokenizer.BosTokenId);
        Assert.Empty(tokenizer.EosTokenIds);
        Assert.False(tokenizer.AddBosToken);
    }

    [Fact]
    public void WrittenConfigLoadsBack()
    {
        using var folder = new TokenizerFolder(400, "<|endoftext|>");
        new TokenizerConfigFile { BosToken = "<|endoftext|>", EosToken = "<|endoftext|>", ChatTemplate = "T" }
            .Write(Path.Combine(folder.Path, TokenizerConfigFile.FileName));
        using var tokenizer = HfTokenizer.Load(folder.Path, 400);
        Assert.Equal(399, tokenizer.BosTokenId);
        Assert.Equal([399], tokenizer.EosTokenIds);
        Assert.Equal("T", tokenizer.ChatTemplate);
        Assert.False(tokenizer.AddBosToken);
    }

    [Fact]
    public void EosTokenAbsentFromTheVocabularyIsRefusedNamingTheConfig()
    {
        using var folder = new TokenizerFolder();
        var config = Path.Combine(folder.Path, TokenizerConfigFile.FileName);
        File.WriteAllText(config, """{"eos_token": "<|im_end|>"}""");
        var e = Assert.Throws<CheckpointException>(() => HfTokenizer.Load(folder.Path, 400));
        Assert.Contains(config, e.Message);
        Assert.Contains("<|im_end|>", e.Message);
    }

    [Fact]
    public void TemplatePostProcessorBosIsNotAddedByEncodeButReportedAsAddBos()
    {
        // Llama 3 layout: the post-processor prepends BOS and tokenizer_config.json has no add_bos_token.
        using var folder = new TokenizerFolder(400, "<|begin_of_text|>", "<|end_of_text|>");
        var json = JsonNode.Parse(File.ReadAllText(folder.TokenizerJson))!.AsObject();
        json["post_processor"] = JsonNode.Parse("""
            {"type": "TemplateProcessing",
             "single": [{"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
             "pair": [{"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
             "special_tokens": {"<|begin_of_text|>": {"id": "<|begin_of_text|>", "ids": [398], "tokens": ["<|begin_of_text|>"]}}}
            """);
        File.WriteAllText(folder.TokenizerJson, json.ToJsonString());
        File.WriteAllText(Path.Combine(folder.Path, "tokenizer_config.json"), """{"bos_token": "<|begin_of_text|>", "eos_token": "<|end_of_text|>"}""");

        using var tokenizer = HfTokenizer.Load(folder.Path, 400);
        var ids = tokenizer.Encode("hi");
        Assert.DoesNotContain(398, ids);
        Assert.Equal("hi", tokenizer.Decode(ids));
        Assert.Equal(398, tokenizer.BosTokenId);
        Assert.True(tokenizer.AddBosToken);
    }

    [Fact]
    public void UnigramVocabularyListGivesIdsByPosition()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), """
            {"version": "1.0", "added_tokens": [{"id": 0, "content": "<unk>", "special": true, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false}],
             "normalizer": null, "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
             "post_processor": null, "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
             "model": {"type": "Unigram", "unk_id": 0, "byte_fallback": false,
                       "vocab": [["<unk>", 0.0], ["▁hello", -1.0], ["▁world", -1.5], ["▁", -3.0], ["h", -4.0], ["e", -4.0], ["l", -4.0], ["o", -4.0]]}}
            """);
        using var tokenizer = HfTokenizer.Load(dir.Path, 8);
        Assert.Equal(8, tokenizer.Size);
        Assert.Equal("▁world", tokenizer.TokenOf(2));
        Assert.Equal([1, 2], tokenizer.Encode("hello world"));
        Assert.Equal("hello world", tokenizer.Decode([1, 2]));
    }
}
