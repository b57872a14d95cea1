namespace Orleans.Noken.Engine.Tokenization;

/// <summary>Loads <c>tokenizer.json</c> + <c>tokenizer_config.json</c> from a checkpoint folder.</summary>
public static class HfTokenizer
{
    /// <summary>Refuses (CheckpointException naming the file) a missing/invalid tokenizer, or one whose ids exceed <paramref name="modelVocabSize"/>.</summary>
    public static ITextTokenizer Load(string directory, int modelVocabSize) =>
        throw new NotImplementedException("owned by the checkpoint-IO helper");
}
