using Orleans.Noken.Engine.Checkpoints;

namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// Counts the floating-point operations the engine asked the model for (2 per multiply-add of every matmul:
/// projections, attention scores and values, and the vocabulary head), so a benchmark can say how close the engine
/// came to the machine's plain matmul throughput. Norms and activations are left out: they are not matmuls.
/// </summary>
public sealed class FlopCounter
{
    public double Flops { get; private set; }

    /// <param name="batch">Rows in the forward.</param>
    /// <param name="tokens">New tokens per row.</param>
    /// <param name="past">Cached tokens per row before this forward.</param>
    /// <param name="logitRows">Positions per row projected to the vocabulary.</param>
    public void AddForward(ModelConfig c, long batch, long tokens, long past, long logitRows)
    {
        double d = c.HiddenSize, q = (double)c.NumHeads * c.HeadDim, kv = (double)c.NumKeyValueHeads * c.HeadDim;
        double mlpMatrices = c.Family == ModelFamily.Gpt2 ? 2 : 3;
        double perToken = d * q + 2 * d * kv + q * d + mlpMatrices * d * c.IntermediateSize;
        // Each new token attends to past + (its own index + 1) keys: scores and weighted values, per head.
        double attendedKeys = tokens * past + tokens * (tokens + 1) / 2.0;
        double attention = 2 * q * attendedKeys;
        Flops += 2 * batch * (c.NumLayers * (perToken * tokens + attention) + logitRows * d * c.VocabSize);
    }
}
