using TorchSharp;

namespace Orleans.Noken.Engine.Models;

/// <summary>
/// Scalars held for the process's life. TorchSharp's <c>a.add(b)</c> makes a temporary alpha of 1 that nothing
/// keeps alive once its handle is read, so the GC may finalize it while libtorch still reads it (seen once:
/// "toFloat: Expected false to be true" in an evaluation running two models on two threads). The forward passes say
/// <c>a.add(b, Scalars.One)</c> instead.
/// </summary>
public static class Scalars
{
    public static readonly Scalar One = 1;
}
