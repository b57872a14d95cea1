namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>One tensor as a safetensors header declares it; offsets are absolute positions in the file.</summary>
public sealed record SafeTensorsEntry(string Name, string Dtype, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;

    /// <summary>The product of <see cref="Shape"/>; entries read from a file have a count that fits (see
    /// <see cref="CheckedElementCount"/>), so this does not wrap.</summary>
    public long ElementCount => CheckedElementCount(Shape) ?? throw new OverflowException($"tensor '{Name}' has more elements than a long holds");

    /// <summary>The product of the dimensions, or null when it does not fit in a long.</summary>
    public static long? CheckedElementCount(IReadOnlyList<long> shape)
    {
        long count = 1;
        try
        {
            foreach (var d in shape) count = checked(count * d);
        }
        catch (OverflowException) { return null; }
        return count;
    }
}
