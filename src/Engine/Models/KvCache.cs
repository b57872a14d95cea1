using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Models;

/// <summary>
/// Keys and values of every layer for a batch of sequences, preallocated to a capacity so that decoding writes in
/// place instead of re-concatenating (which would copy the whole cache every step). All rows have the same length:
/// the engine batches sequences that share their prompt structure, so no padding mask is needed.
/// </summary>
public sealed class KvCache : IDisposable
{
    readonly Tensor[] _keys;   // per layer [B, Hkv, Capacity, hd]
    readonly Tensor[] _values; // per layer [B, Hkv, Capacity, hd]

    public int Batch { get; private set; }
    public int Capacity { get; }
    public int Length { get; private set; }

    KvCache(Tensor[] keys, Tensor[] values, int length)
    {
        _keys = keys;
        _values = values;
        Batch = (int)keys[0].shape[0];
        Capacity = (int)keys[0].shape[2];
        Length = length;
    }

    public static KvCache Allocate(int layers, int batch, int kvHeads, int capacity, int headDim, ScalarType dtype, Device device)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "cache capacity must be positive");
        Tensor Buffer() => torch.empty([batch, kvHeads, capacity, headDim], dtype, device).DetachFromDisposeScope();
        return new KvCache(
            Enumerable.Range(0, layers).Select(_ => Buffer()).ToArray(),
            Enumerable.Range(0, layers).Select(_ => Buffer()).ToArray(),
            0);
    }

    /// <summary>Writes <paramref name="k"/>/<paramref name="v"/> <c>[B, Hkv, T, hd]</c> after the current length and
    /// returns views of everything so far, <c>[B, Hkv, Length + T, hd]</c>. Call <see cref="Advance"/> once all
    /// layers have appended.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        long t = k.shape[2];
        if (Length + t > Capacity)
            throw new InvalidOperationException($"KV cache overflow: {Length} + {t} tokens exceed its capacity of {Capacity}");
        if (k.shape[0] != Batch)
            throw new ArgumentException($"KV cache holds {Batch} sequences but {k.shape[0]} were given", nameof(k));
        using (var slot = _keys[layer].narrow(2, Length, t)) slot.copy_(k);
        using (var slot = _values[layer].narrow(2, Length, t)) slot.copy_(v);
        return (_keys[layer].narrow(2, 0, Length + t), _values[layer].narrow(2, 0, Length + t));
    }

    public void Advance(int tokens) => Length += tokens;

    /// <summary>A new cache of <paramref name="batch"/> rows that all start from this cache's row 0: the shared prompt
    /// prefix, computed once, broadcast to every (noken × prompt) pair of a batch.</summary>
    public KvCache Broadcast(int batch, int capacity)
    {
        if (capacity < Length) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity below the cached length {Length}");
        var keys = new Tensor[_keys.Length];
        var values = new Tensor[_values.Length];
        for (int layer = 0; layer < _keys.Length; layer++)
        {
            keys[layer] = Widen(_keys[layer], batch, capacity);
            values[layer] = Widen(_values[layer], batch, capacity);
        }
        return new KvCache(keys, values, Length);
    }

    Tensor Widen(Tensor source, int batch, int capacity)
    {
        var shape = source.shape;
        var buffer = torch.empty([batch, shape[1], capacity, shape[3]], source.dtype, source.device).DetachFromDisposeScope();
        using var from = source.narrow(0, 0, 1).narrow(2, 0, Length);
        using var to = buffer.narrow(2, 0, Length);
        to.copy_(from); // broadcasts row 0 across the batch
        return buffer;
    }

    /// <summary>Keeps only the rows in <paramref name="rows"/> (int64 <c>[B']</c>), e.g. the sequences still decoding.</summary>
    public void KeepRows(Tensor rows)
    {
        for (int layer = 0; layer < _keys.Length; layer++)
        {
            Replace(_keys, layer, rows);
            Replace(_values, layer, rows);
        }
        Batch = (int)rows.shape[0];
    }

    static void Replace(Tensor[] buffers, int layer, Tensor rows)
    {
        var kept = buffers[layer].index_select(0, rows).DetachFromDisposeScope();
        buffers[layer].Dispose();
        buffers[layer] = kept;
    }

    public void Dispose()
    {
        foreach (var t in _keys) t.Dispose();
        foreach (var t in _values) t.Dispose();
    }
}
