namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// Opens a checkpoint folder's weights: <c>model.safetensors</c>, or the shards listed in
/// <c>model.safetensors.index.json</c>. Tensors are read lazily (memory-mapped) when a model asks for them.
/// </summary>
public static class CheckpointWeights
{
    public static IWeightSource Open(string directory) =>
        throw new NotImplementedException("owned by the checkpoint-IO helper");
}
