using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Nokens;

/// <summary>Generates the nokens of one recipe. Noken i is the same whichever call or batch produces it.</summary>
public interface INokenSampler
{
    NokenRecipe Recipe { get; }
    /// <summary>D, the model's hidden size.</summary>
    int Dimension { get; }

    /// <summary>Noken <paramref name="index"/> (>= 0) as D floats.</summary>
    float[] Sample(long index);

    /// <summary>Nokens start .. start+count-1 as an fp32 CPU tensor [count, D]; the caller disposes it.</summary>
    Tensor SampleBatch(long start, int count);
}
