namespace Orleans.Noken.Grains;

/// <summary>How coordinators treat leases and failures, and where campaigns find their models; bound from the
/// <c>Noken:Campaigns</c> configuration section.</summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Noken:Campaigns";

    /// <summary>A leased shard goes back to the pool this long after its silo last renewed it. Workers renew at a third
    /// of it, so only a silo that died or hung loses its shards.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A lease held by a silo that is not an active member of the cluster goes back this long after its last
    /// renewal, without waiting for <see cref="LeaseDuration"/>.</summary>
    public TimeSpan DeadSiloGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A shard that failed (transiently) this many times fails the campaign.</summary>
    public int MaxShardFailures { get; set; } = 3;

    /// <summary>Model names in specs resolve here (besides the embedded "organism"): the silo's model cache.</summary>
    public string ModelsRoot { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>Whether specs' and hardening jobs' models must be embedded names or folders inside <see cref="ModelsRoot"/>
    /// (<see cref="Engine.Campaigns.ModelLocator.Confined"/>). Off only for <c>noken run</c>'s in-process silo, whose one
    /// user is the machine's: a spec there may name any folder, as on the command line.</summary>
    public bool ConfineModels { get; set; } = true;

    /// <summary>Where a spec's and a job's model names resolve: confined to the models root unless
    /// <see cref="ConfineModels"/> is off.</summary>
    public Engine.Campaigns.ModelLocator Models() =>
        ConfineModels ? Engine.Campaigns.ModelLocator.Confined(ModelsRoot) : Engine.Campaigns.ModelLocator.Local(ModelsRoot);

    /// <summary>A spec as the cluster reads it (submit, coordinator, workers): these options' models and limits.</summary>
    public Engine.Campaigns.CampaignSpec ReadSpec(string text, string source) =>
        Engine.Campaigns.CampaignSpecReader.ParseSubmitted(text, source, Models(), Limits);

    /// <summary>Upper bounds on submitted specs (<c>Noken:Campaigns:Limits:MaxNewTokens</c>, …).</summary>
    public Engine.Campaigns.CampaignSpecLimits Limits { get; set; } = new();

    /// <summary>Upper bounds on hardening requests (<c>Noken:Campaigns:Hardening:MaxSteps</c>, …).</summary>
    public HardeningLimits Hardening { get; set; } = new();

    public void Validate()
    {
        if (LeaseDuration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(LeaseDuration), LeaseDuration, "must be positive");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxShardFailures, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelsRoot);
        Limits.Validate();
        Hardening.Validate();
    }
}
