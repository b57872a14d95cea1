namespace Orleans.Noken.Grains;

/// <summary>
/// Upper bounds on a hardening request (<c>Noken:Campaigns:Hardening:MaxSteps</c>, …): a job holds a silo's model
/// thread ahead of campaigns until it ends, so its size is bounded when it is submitted, not when it fails at run
/// time. The defaults leave the engine's defaults (150 steps, 512 nokens, 16 adversarial nokens, 10 ascent steps)
/// two to three orders of magnitude of room.
/// </summary>
public sealed class HardeningLimits
{
    /// <summary><c>steps</c>: training steps; each is a forward and backward pass over a batch.</summary>
    public int MaxSteps { get; set; } = 100_000;

    /// <summary><c>maxNokens</c>: the pool of the campaign's nokens trained on (each is paired with every prompt).</summary>
    public int MaxNokens { get; set; } = 100_000;

    /// <summary><c>adversarialNokens</c>: vectors climbed per adversarial round; the engine's pool of found nokens
    /// (<see cref="Engine.Hardening.HardeningOptions.AdversarialPool"/>) must hold a round, so that caps it too.</summary>
    public int MaxAdversarialNokens { get; set; } = 256;

    /// <summary><c>ascentSteps</c>: gradient-ascent steps per adversarial round.</summary>
    public int MaxAscentSteps { get; set; } = 1_000;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAdversarialNokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAscentSteps, 1);
    }
}
