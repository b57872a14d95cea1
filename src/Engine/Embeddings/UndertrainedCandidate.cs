namespace Orleans.Noken.Engine.Embeddings;

/// <summary>
/// A token whose input embedding looks under-trained (see <see cref="EmbeddingStatistics.UndertrainedCandidates"/>
/// for the criterion). <paramref name="Score"/> is larger for more suspicious tokens.
/// </summary>
public readonly record struct UndertrainedCandidate(
    int Id, double Norm, double DistanceToCentroid, double CosineToCentroid, double Score);
