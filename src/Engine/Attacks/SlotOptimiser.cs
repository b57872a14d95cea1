namespace Orleans.Noken.Engine.Attacks;

/// <summary>An attack's inner loop: what sits in the slot now, and one step that should make the targets likelier.</summary>
public abstract class SlotOptimiser
{
    /// <summary>K × D values, row-major: the slot's content after the last step.</summary>
    public abstract float[] Current { get; }

    /// <summary>The real tokens in the slot, for a text attack; null for free vectors.</summary>
    public virtual int[]? Tokens => null;

    /// <summary>Teacher-forced sequences run so far (one per row and target).</summary>
    public long ForwardPasses { get; protected set; }

    /// <summary>Backward passes so far (one per row and target whose gradient was taken).</summary>
    public long BackwardPasses { get; protected set; }

    /// <summary>One step; returns the best target's mean log-probability per token for the new slot content.</summary>
    public abstract double Step();
}
