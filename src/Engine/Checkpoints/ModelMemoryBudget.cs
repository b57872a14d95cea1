using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// What a config's model will take in memory, checked against a budget before any tensor is made: a
/// <c>config.json</c> comes with the checkpoint, and one naming a huge vocabulary × hidden size used to reach the
/// allocator (an unhandled native failure with a stack trace). Counted: the parameters in the compute dtype and the
/// RoPE tables (fp32 cos and sin, <c>[max_position_embeddings, head_dim]</c> each, built at construction).
/// </summary>
public static class ModelMemoryBudget
{
    /// <summary>The default budget: the memory this process may use (physical memory, or the container's limit).</summary>
    public static long DefaultBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The bytes the model needs; <see cref="Int128"/> so that a config whose sizes overflow a long still
    /// gets a number (then refused) rather than a wrapped one.</summary>
    public static Int128 Bytes(ModelConfig config, ScalarType computeDtype)
    {
        Int128 parameters;
        try { parameters = config.ParameterCount(); }
        catch (OverflowException) { return Int128.MaxValue; }
        int element = computeDtype is ScalarType.Float32 ? 4 : 2;
        Int128 rope = config.Family == ModelFamily.Llama ? 2 * (Int128)Math.Max(config.MaxPositions, 1) * config.HeadDim * 4 : 0;
        return parameters * element + rope;
    }

    /// <summary>Throws a <see cref="CheckpointException"/> naming the sizes when the model would not fit.</summary>
    public static void Check(ModelConfig config, ScalarType computeDtype, long budget, string source)
    {
        var bytes = Bytes(config, computeDtype);
        if (bytes > budget)
            throw CheckpointException.InFile(source,
                $"describes a model of {(bytes == Int128.MaxValue ? "more than 2⁶³ parameters" : $"{(double)bytes / (1L << 30):N1} GiB")} " +
                $"(vocab_size {config.VocabSize:N0}, hidden size {config.HiddenSize:N0}, {config.NumLayers:N0} layers, " +
                $"max positions {config.MaxPositions:N0}); the memory budget is {(double)budget / (1L << 30):N1} GiB");
    }
}
