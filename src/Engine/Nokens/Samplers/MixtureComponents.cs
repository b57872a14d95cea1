namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary>The real tokens a <c>mixture</c> noken combines and their convex weights (summing to 1).</summary>
public sealed record MixtureComponents(IReadOnlyList<int> Tokens, IReadOnlyList<double> Weights);
