namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>One tensor as a safetensors header declares it; offsets are absolute positions in the file.</summary>
public sealed record SafeTensorsEntry(string Name, string Dtype, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;

    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);
}
