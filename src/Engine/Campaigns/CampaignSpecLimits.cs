namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// Upper bounds on what a spec may ask for, checked by <see cref="CampaignSpecReader"/> before any work: a spec comes
/// from any client, and each of these multiplies memory or time (a prompt's attention grows with its square, a
/// budget is work for the whole cluster). Each violation is a problem naming its field. The defaults are an order of
/// magnitude above the largest committed example; a silo binds them from <c>Noken:Campaigns:Limits</c>.
/// </summary>
public sealed class CampaignSpecLimits
{
    public static CampaignSpecLimits Default { get; } = new();

    /// <summary>The largest spec read, in UTF-8 bytes (the committed ones are under 3 KB).</summary>
    public int MaxSpecBytes { get; set; } = 1 << 20;

    /// <summary><c>decoding.max_new_tokens</c> and <c>attack.max_new_tokens</c>: each new token is a decoding step
    /// for every pair of a shard, and the organism's context is 512.</summary>
    public int MaxNewTokens { get; set; } = 1024;

    /// <summary><c>shard_size</c>: a shard runs as batches on one silo and is redone whole when its lease expires.</summary>
    public int MaxShardSize { get; set; } = 10_000;

    /// <summary>The budget: the sum of <c>strategies[i].count</c> (or an attack's units). A million-noken sweep is
    /// the product's scale; a hundred times that is a typo or an attack on the cluster.</summary>
    public long MaxNokens { get; set; } = 100_000_000;

    /// <summary><c>prompts</c>: every noken runs against every prompt (× every distance).</summary>
    public int MaxPrompts { get; set; } = 256;

    /// <summary><c>distances</c>: each adds a rendered copy of every prompt.</summary>
    public int MaxDistances { get; set; } = 64;

    /// <summary><c>prompts[i].text</c> in characters, checked before tokenizing; the tokens must also fit the model's
    /// context, which only the silo that loads the model can check (<see cref="RenderedPrompt"/>).</summary>
    public int MaxPromptChars { get; set; } = 8_000;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSpecBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNewTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxShardSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPrompts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDistances, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPromptChars, 1);
    }
}
