using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;

namespace Orleans.Noken.Engine.Models;

/// <summary>A token flagged as possibly under-trained, with its text so a researcher can recognise it.</summary>
public sealed record SuspectToken(int Id, string? Token, string Text, double Norm, double DistanceToCentroid, double CosineToCentroid, double Score);

/// <summary>
/// What <c>noken model inspect</c> reports: the architecture, and the embedding matrix's statistics with the tokens
/// that look under-trained — low norm, close to the mean embedding — the signature by which real glitch tokens
/// (' SolidGoldMagikarp') were found.
/// </summary>
public sealed record ModelInspection(
    string Directory,
    string ModelType,
    string Family,
    int Layers,
    int HiddenSize,
    int Heads,
    int KeyValueHeads,
    int HeadDim,
    int IntermediateSize,
    int VocabSize,
    int TokenizerSize,
    int MaxPositions,
    bool TiedEmbeddings,
    long Parameters,
    string StoredDtype,
    string ComputeDtype,
    string? ChatFormat,
    NormDistribution EmbeddingNorms,
    IReadOnlyList<SuspectToken> Undertrained,
    int UnusedRows,
    IReadOnlyList<SuspectToken> LikeUnusedRows)
{
    public static ModelInspection Of(LoadedModel loaded, int suspects = 20)
    {
        var config = loaded.Config;
        var tokenizerSize = loaded.RealTokens;
        using var statistics = EmbeddingStatistics.Of(loaded);
        SuspectToken Suspect(int id, double score) => new(id, loaded.Tokenizer.TokenOf(id), loaded.Tokenizer.Decode([id]),
            statistics.Norms[id], statistics.DistancesToCentroid[id], statistics.CosinesToCentroid[id], score);
        var suspectTokens = statistics.UndertrainedCandidates(suspects).Select(c => Suspect(c.Id, c.Score)).ToList();
        var unusedRows = config.VocabSize - tokenizerSize;
        var likeUnused = UnusedRowDirection.MostSimilar(loaded.Model.EmbeddingMatrix, tokenizerSize, suspects)
            .Select(s => Suspect(s.Id, s.Cosine)).ToList();
        string? chat = null;
        try { chat = Generation.ChatFormat.Detect(loaded.Tokenizer.ChatTemplate, loaded.Directory).Name; }
        catch (ArgumentException) { /* no chat format: reported as null */ }
        return new ModelInspection(
            loaded.Directory, config.ModelType, config.Family.ToString(), config.NumLayers, config.HiddenSize, config.NumHeads,
            config.NumKeyValueHeads, config.HeadDim, config.IntermediateSize, config.VocabSize, loaded.Tokenizer.Size,
            config.MaxPositions, config.TieWordEmbeddings, config.ParameterCount(),
            CheckpointWriter.DtypeName(loaded.StoredDtype), CheckpointWriter.DtypeName(loaded.Model.ComputeDtype),
            chat, statistics.NormDistribution, suspectTokens, unusedRows, likeUnused);
    }
}
