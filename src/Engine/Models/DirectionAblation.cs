using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

/// <summary>
/// Directional ablation (Arditi et al. 2024, "Refusal in language models is mediated by a single direction"): the
/// component along one unit direction is projected out of the residual stream at every block's input and the last
/// block's output, at every position, so no layer can write it or read it.
/// </summary>
public sealed class DirectionAblation : IResidualEdit
{
    readonly float[] _unit;

    public DirectionAblation(IReadOnlyList<float> direction)
    {
        double norm = Math.Sqrt(direction.Sum(x => (double)x * x));
        if (!(norm > 0) || !double.IsFinite(norm)) throw new ArgumentException("the ablated direction must be non-zero and finite", nameof(direction));
        _unit = [.. direction.Select(x => (float)(x / norm))];
    }

    public Tensor ApplyTo(Tensor hidden, int layer, long past)
    {
        if (hidden.shape[2] != _unit.Length) throw new ArgumentException($"the direction has {_unit.Length} dimensions, the stream {hidden.shape[2]}");
        var r = tensor(_unit).to(hidden.dtype, hidden.device);                          // [D]
        return hidden - hidden.matmul(r).unsqueeze(-1) * r;
    }
}

/// <summary>Reads the residual stream at one layer's input, last position of each row, and leaves it unchanged.</summary>
public sealed class LastPositionCapture(int layer) : IResidualEdit
{
    public List<float[]> Rows { get; } = [];

    public Tensor ApplyTo(Tensor hidden, int at, long past)
    {
        if (at != layer) return hidden;
        using var last = hidden.select(1, hidden.shape[1] - 1).to(ScalarType.Float32, CPU).contiguous(); // [B, D]
        var values = last.data<float>().ToArray();
        int d = (int)hidden.shape[2];
        for (int b = 0; b < hidden.shape[0]; b++) Rows.Add(values.AsSpan(b * d, d).ToArray());
        return hidden;
    }
}
