using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

public enum ResidualEditMode { Add, Replace }

/// <summary>Something done to the residual stream as it passes each block's input (layer 0 … NumLayers − 1) and the
/// last block's output (layer NumLayers). Runs inside the forward pass's dispose scope.</summary>
public interface IResidualEdit
{
    /// <summary>The stream <c>[B, T, D]</c> at <paramref name="layer"/>, whose first row is at absolute position
    /// <paramref name="past"/>; returns it, edited or not.</summary>
    Tensor ApplyTo(Tensor hidden, int layer, long past);
}

/// <summary>
/// An out-of-distribution vector put into the residual stream: at the input of decoder block
/// <see cref="Layer"/> (0 = the input embeddings themselves, <c>NumLayers</c> = after the last block, before the
/// final norm), at absolute sequence <see cref="Position"/>, one vector per batch row (<c>[B, D]</c>) or one for
/// all (<c>[D]</c>). This is the noken splice one level deeper.
/// </summary>
public sealed record ResidualEdit(int Layer, int Position, Tensor Vectors, ResidualEditMode Mode = ResidualEditMode.Replace) : IResidualEdit
{
    // Runs inside the model's per-forward dispose scope, which frees the intermediates.
    /// <summary>Applies the edit to <paramref name="hidden"/> <c>[B, T, D]</c> whose first row is at <paramref name="past"/>;
    /// returns the input unchanged when the position is not in this chunk.</summary>
    public Tensor ApplyTo(Tensor hidden, int layer, long past)
    {
        long local = Position - past;
        if (layer != Layer || local < 0 || local >= hidden.shape[1]) return hidden;
        var batch = hidden.shape[0];
        var dim = hidden.shape[2];
        var vectors = Vectors.to(hidden.dtype, hidden.device).reshape(-1, dim).expand(batch, dim); // [B, D]
        var edited = hidden.clone();
        var slot = edited.select(1, local); // [B, D], a view into `edited`
        if (Mode == ResidualEditMode.Replace) slot.copy_(vectors);
        else slot.add_(vectors);
        return edited;
    }
}
