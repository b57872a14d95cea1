using Orleans.Noken.Engine.Checkpoints;

namespace Orleans.Noken.Engine.Tokenization;

/// <summary>Loads <c>tokenizer.json</c> + <c>tokenizer_config.json</c> from a checkpoint folder.</summary>
public static class HfTokenizer
{
    /// <summary>
    /// Refuses (CheckpointException naming the file) a missing/invalid tokenizer, or one whose ids exceed
    /// <paramref name="modelVocabSize"/>. A tokenizer smaller than the model's vocabulary is fine: models pad
    /// their embedding matrix past the last real token.
    /// </summary>
    public static ITextTokenizer Load(string directory, int modelVocabSize)
    {
        var json = TokenizerJsonFile.Load(Path.Combine(directory, TokenizerJsonFile.FileName));
        if (json.Size > modelVocabSize)
            throw CheckpointException.InFile(json.Path,
                $"has ids up to {json.Size - 1} but the model's vocab_size is {modelVocabSize}");

        var configPath = Path.Combine(directory, TokenizerConfigFile.FileName);
        var config = File.Exists(configPath) ? TokenizerConfigFile.Load(configPath) : new TokenizerConfigFile();
        int? Resolve(string? token, string key) =>
            token is null ? null
            : json.TokenToId.TryGetValue(token, out var id) ? id
            : throw CheckpointException.InFile(configPath, $"{key} '{token}' is not in {TokenizerJsonFile.FileName}");

        // Llama 3 style: no add_bos_token, but the post-processor template starts with BOS. We strip the
        // post-processor (Encode adds nothing), so say instead that callers should add BOS.
        var leading = json.PostProcessorLeadingToken;
        var bosToken = config.BosToken ?? leading;
        bool addBos = config.AddBosToken ?? (leading is not null && leading == bosToken);

        var chatTemplate = config.ChatTemplate;
        var jinja = Path.Combine(directory, "chat_template.jinja"); // where newer transformers versions save it
        if (chatTemplate is null && File.Exists(jinja)) chatTemplate = File.ReadAllText(jinja);

        return new HfTextTokenizer(
            json,
            LoadNative(json),
            Resolve(bosToken, "bos_token"),
            Resolve(config.EosToken, "eos_token") is { } eos ? [eos] : [],
            addBos,
            chatTemplate);
    }

    // Tokenizers.DotNet 1.4.1's Encode has no add_special_tokens flag and applies the post-processor (measured:
    // a Llama 3 style template makes it emit BOS first), so a tokenizer whose post-processor inserts tokens is
    // loaded from a copy without it: our contract is "Encode adds no special tokens".
    static Tokenizers.DotNet.Tokenizer LoadNative(TokenizerJsonFile json)
    {
        string? copy = null;
        try
        {
            var path = json.Path;
            if (json.PostProcessorAddsTokens)
            {
                var stripped = json.Json.DeepClone().AsObject();
                stripped["post_processor"] = null;
                copy = Path.Combine(Path.GetTempPath(), $"noken-tokenizer-{Guid.NewGuid():N}.json");
                File.WriteAllText(copy, stripped.ToJsonString());
                path = copy;
            }
            return new Tokenizers.DotNet.Tokenizer(vocabPath: path);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw CheckpointException.InFile(json.Path, $"could not be loaded by the Hugging Face tokenizers library ({e.Message})");
        }
        finally
        {
            if (copy is not null) File.Delete(copy);
        }
    }
}
