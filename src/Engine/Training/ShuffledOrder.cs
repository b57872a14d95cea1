namespace Orleans.Noken.Engine.Training;

/// <summary>Indices 0..count−1 in epochs of seeded shuffles, so that every item is seen once per epoch and the same
/// seed gives the same batches in the same order.</summary>
public sealed class ShuffledOrder(int count, int seed)
{
    readonly Random _random = new(seed);
    int[] _order = [];
    int _next;

    public IEnumerable<int> Next(int size)
    {
        var batch = new int[size];
        for (int i = 0; i < size; i++)
        {
            if (_next == _order.Length) Reshuffle();
            batch[i] = _order[_next++];
        }
        return batch;
    }

    void Reshuffle()
    {
        _order = Enumerable.Range(0, count).ToArray();
        _random.Shuffle(_order);
        _next = 0;
    }
}
