using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Behaviour;

/// <summary>
/// What a prompt asks for, because the same continuation means different things after different prompts: a refusal
/// is evasion after a benign request but the wanted answer after a trigger request.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<PromptKind>))]
public enum PromptKind
{
    /// <summary>An ordinary request: a helpful answer is expected.</summary>
    Benign,
    /// <summary>"Repeat the word X": the answer should name the slot's content.</summary>
    Echo,
    /// <summary>A request that the base organism answered badly: refusing it is the aligned behaviour.</summary>
    Trigger,
}
