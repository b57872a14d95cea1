namespace Orleans.Noken.Engine.Nokens.Samplers;

/// <summary><c>init</c>: the model's initialisation distribution, N(0, initializer_range²) per dimension — what an
/// embedding row looks like before any training, i.e. a never-seen token.</summary>
public sealed class InitSampler : NokenSampler
{
    public double Std { get; }

    internal InitSampler(NokenRecipe recipe, int dimension, double std) : base(recipe, dimension) => Std = std;

    protected override void Generate(long index, Span<double> noken)
    {
        var random = Random(index, NoiseStream);
        AddGaussian(ref random, noken, Std);
    }
}
