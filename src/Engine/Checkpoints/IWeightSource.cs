using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>The tensors of a checkpoint, by Hugging Face name, whatever files they are spread over.</summary>
public interface IWeightSource : IDisposable
{
    /// <summary>Every tensor name the checkpoint declares.</summary>
    IReadOnlyCollection<string> Names { get; }

    bool Contains(string name);

    /// <summary>
    /// Reads one tensor, checks that its shape is <paramref name="expectedShape"/> and converts it to
    /// <paramref name="dtype"/>. A missing, truncated or misshapen tensor throws a <see cref="CheckpointException"/>
    /// naming the file and the tensor.
    /// </summary>
    Tensor Read(string name, long[] expectedShape, ScalarType dtype);

    /// <summary>The dtype the checkpoint stores its floating-point weights in (most common one).</summary>
    ScalarType StoredDtype { get; }
}
