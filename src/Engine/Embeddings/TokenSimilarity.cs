namespace Orleans.Noken.Engine.Embeddings;

/// <summary>A real token and its cosine similarity to some query vector.</summary>
public readonly record struct TokenSimilarity(int Id, double Cosine);
