using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header of
/// <c>{name: {dtype, shape, data_offsets}}</c> (+ optional <c>__metadata__</c>), then the raw bytes.
/// Supported dtypes: F32, BF16, F16 (+ I64/I32 for buffers we ignore).
/// </summary>
public static class SafeTensors
{
    /// <summary>Writes tensors (CPU or not, any supported dtype) to one .safetensors file, names sorted.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        throw new NotImplementedException("owned by the checkpoint-IO helper");
}
