using Orleans.Noken.Engine.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Embeddings;

/// <summary>Small embedding matrices with known structure, built from a seeded System.Random.</summary>
static class SyntheticEmbeddings
{
    /// <summary>
    /// [v, d]: rows = μ + A·z with a fixed mean μ and a mixing matrix A, so dimensions have different means,
    /// different scales and non-zero correlations.
    /// </summary>
    public static float[] Values(int v, int d, int seed = 1)
    {
        var random = new Random(seed);
        var mixing = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                mixing[i, j] = (i == j ? 0.5 + 0.05 * i : 0) + (j < i ? 0.3 * Gaussian(random) : 0);
        var values = new float[v * d];
        var z = new double[d];
        for (int r = 0; r < v; r++)
        {
            for (int j = 0; j < d; j++) z[j] = Gaussian(random);
            for (int i = 0; i < d; i++)
            {
                double x = 0.4 * Math.Sin(i + 1);
                for (int j = 0; j < d; j++) x += mixing[i, j] * z[j];
                values[r * d + i] = (float)x;
            }
        }
        return values;
    }

    public static Tensor Matrix(int v, int d, int seed = 1) => torch.tensor(Values(v, d, seed), [v, d]);

    public static ModelConfig Config(int d, int vocab, double initializerRange = 0.02) => new()
    {
        ModelType = "llama",
        Family = ModelFamily.Llama,
        VocabSize = vocab,
        HiddenSize = d,
        NumLayers = 1,
        NumHeads = 1,
        NumKeyValueHeads = 1,
        HeadDim = d,
        IntermediateSize = 4 * d,
        MaxPositions = 64,
        NormEpsilon = 1e-6,
        InitializerRange = initializerRange,
    };

    static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
