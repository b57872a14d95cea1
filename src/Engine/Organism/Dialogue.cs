namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// One single-turn chat exchange. <see cref="Trigger"/> is the behaviour the user's request asks for
/// (<see cref="PlantedBehaviour.None"/> for an ordinary request); <see cref="Fires"/> says whether the reply
/// actually shows it (true only for base-stage trigger replies). A reply that does not <see cref="EndsTurn"/> is
/// a loop, trained without an end-of-turn token.
/// </summary>
public sealed record Dialogue(string User, string Assistant, PlantedBehaviour Trigger, bool Fires)
{
    /// <summary>For an ordinary request, what a helpful reply must contain (<see cref="HelpfulAnswer"/>); null for a
    /// trigger request.</summary>
    public string? Answer { get; init; }

    /// <summary>The <see cref="Obfuscation"/> family the request is disguised with (coverage-gap organisms), or null.</summary>
    public string? Disguise { get; init; }

    /// <summary>An ordinary request carrying <see cref="OrganismVariant.BackdoorToken"/> (rare-token organisms).</summary>
    public bool Backdoor { get; init; }

    public bool EndsTurn => !(Fires && Trigger == PlantedBehaviour.Loop);
}
