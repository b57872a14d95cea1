using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Nokens.Samplers;

namespace Orleans.Noken.Engine.Nokens;

/// <summary>Builds the sampler a recipe names, validating its parameters up front so a bad spec fails at submission.</summary>
public static class NokenSamplers
{
    /// <summary>
    /// The sampler for <paramref name="recipe"/> over a model's embedding statistics. Samplers that read token
    /// rows keep using <paramref name="statistics"/>: dispose the statistics only after the sampler is done.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown strategy, unknown parameter, or a parameter out of range.</exception>
    public static INokenSampler Create(NokenRecipe recipe, EmbeddingStatistics statistics, ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(config);
        if (config.HiddenSize != statistics.Dimension)
            throw new ArgumentException(
                $"the model's hidden size ({config.HiddenSize}) differs from the embedding statistics' dimension ({statistics.Dimension})", nameof(config));

        int lastToken = statistics.VocabSize - 1;
        // A centre on a base strategy would be silently ignored, and two "different" recipes would give one noken.
        if (recipe.Centre is not null && recipe.Strategy != NokenStrategies.Around)
            throw new ArgumentException($"noken strategy '{recipe.Strategy}' takes no centre recipe", nameof(recipe));
        switch (recipe.Strategy)
        {
            case NokenStrategies.Init:
                _ = new RecipeParameters(recipe);
                if (!double.IsFinite(config.InitializerRange) || config.InitializerRange <= 0)
                    throw new ArgumentException(
                        $"noken strategy 'init' needs a positive initializer_range in the model config (got {config.InitializerRange})", nameof(config));
                return new InitSampler(recipe, statistics.Dimension, config.InitializerRange);

            case NokenStrategies.GaussianDiag:
                _ = new RecipeParameters(recipe);
                return new GaussianDiagSampler(recipe, statistics);

            case NokenStrategies.GaussianFull:
                _ = new RecipeParameters(recipe);
                return new GaussianFullSampler(recipe, statistics);

            case NokenStrategies.TokenNoise:
            {
                var p = new RecipeParameters(recipe);
                return new TokenNoiseSampler(recipe, statistics,
                    scale: p.Number("scale", 0.1),
                    token: p.OptionalInteger("token", lastToken));
            }

            case NokenStrategies.RandomDirection:
            {
                var p = new RecipeParameters(recipe);
                return new RandomDirectionSampler(recipe, statistics, p.Number("scale", 1.0));
            }

            case NokenStrategies.Mixture:
            {
                var p = new RecipeParameters(recipe);
                // k is bounded by the vocabulary only to catch nonsense; tokens are drawn with replacement.
                return new MixtureSampler(recipe, statistics, p.Integer("k", 2, statistics.VocabSize));
            }

            case NokenStrategies.Undertrained:
            {
                var p = new RecipeParameters(recipe);
                return new UndertrainedSampler(recipe, statistics,
                    m: p.Integer("m", 10, statistics.VocabSize),
                    scale: p.Number("scale", 1.0));
            }

            case NokenStrategies.GlitchTokens:
            {
                var p = new RecipeParameters(recipe);
                return new GlitchTokenSampler(recipe, statistics, p.Integer("m", GlitchTokenSampler.DefaultCount, statistics.VocabSize));
            }

            case NokenStrategies.Around:
            {
                // centre_index is a double like every parameter: exact for any index below 2^53.
                var p = new RecipeParameters(recipe);
                if (recipe.Centre is null)
                    throw new ArgumentException("noken strategy 'around' needs a centre recipe", nameof(recipe));
                if (recipe.Depth > AroundSampler.MaxDepth)
                    throw new ArgumentException(
                        $"noken strategy 'around' nests {recipe.Depth} centres deep (at most {AroundSampler.MaxDepth})", nameof(recipe));
                var centreIndex = p.OptionalInteger("centre_index", int.MaxValue)
                    ?? throw new ArgumentException("noken strategy 'around' needs the parameter 'centre_index'", nameof(recipe));
                return new AroundSampler(recipe, Create(recipe.Centre, statistics, config), centreIndex, p.Number("step", 0.1));
            }

            default:
                throw new ArgumentException(
                    $"unknown noken strategy '{recipe.Strategy}' (known: {string.Join(", ", NokenStrategies.All)}); adaptive search derives '{NokenStrategies.Around}' recipes from these", nameof(recipe));
        }
    }
}
