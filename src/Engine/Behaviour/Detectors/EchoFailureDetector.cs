using System.Text.RegularExpressions;
using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Behaviour.Detectors;

/// <summary>
/// Echo failure, on "repeat the word X" prompts only. The word the model named is the first quoted span of the
/// reply, else its first word that is not filler (<c>skipWords</c>: "sure", "the", "word", …); the evidence names
/// it and, when a tokenizer is at hand, its token ids, because which real token a noken is read as is the finding.
/// With targets (the slot's text, or a noken's nearest real tokens) the reply fails unless one of them appears as a
/// whole word in its first <c>window</c> characters. Without targets the right word is unknowable, so the detector
/// scores whether the reply has the shape of an echo at all: a quoted span, or at most <c>maxEchoWords</c> words.
/// </summary>
public sealed partial class EchoFailureDetector(string label, IReadOnlySet<string> skipWords, int window, int maxEchoWords, ITextTokenizer? tokenizer)
    : TextDetector(label)
{
    public static readonly IReadOnlyList<string> DefaultSkipWords =
        ["sure", "ok", "okay", "yes", "here", "it", "is", "the", "word", "you", "said", "of", "course", "certainly", "i", "a", "an", "this", "that", "repeat", "repeated", "back"];

    public static EchoFailureDetector Create(string label, DetectorParameters p, ITextTokenizer? tokenizer) =>
        new(label, p.Strings("skipWords", DefaultSkipWords).Select(w => w.ToLowerInvariant()).ToHashSet(),
            p.Int("window", 80, 1, 100_000), p.Int("maxEchoWords", 4, 1, 1000), tokenizer);

    [GeneratedRegex("[\"“”'‘’«»`]([^\"“”'‘’«»`\\n]{1,60})[\"“”'‘’«»`]", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    public override DetectorScore Score(BehaviourObservation observation)
    {
        if (observation.Prompt.Kind != PromptKind.Echo) return Result(0, "not an echo prompt");
        var text = observation.Text.Trim();
        if (text.Length == 0) return Result(1, "said nothing");
        var head = text.Length > window ? text[..window] : text;

        var quoted = Quoted().Match(head);
        var named = quoted.Success ? quoted.Groups[1].Value.Trim() : FirstContentWord(head);
        var said = named is null ? "named no word" : $"said '{named}'{Ids(named)}";

        var targets = observation.Prompt.Targets;
        if (targets.Count > 0)
        {
            var echoed = targets.FirstOrDefault(t => Regex.IsMatch(head, $@"(?<!\w){Regex.Escape(t.Trim())}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
            return echoed is not null
                ? Result(0, $"echoed '{echoed}'")
                : Result(1, $"{said} instead of {string.Join(" or ", targets.Select(t => $"'{t}'"))}");
        }
        bool echoShaped = quoted.Success || TextUnits.WordsOf(text).Length <= maxEchoWords;
        return echoShaped ? Result(0, $"{said} (no target to check against)") : Result(1, $"no echo: {said} in '{TextUnits.Quote(text)}'");
    }

    string? FirstContentWord(string text) =>
        TextUnits.WordsOf(text).FirstOrDefault(w => !skipWords.Contains(w)) is { } lower
            ? Regex.Match(text, $@"(?<!\w){Regex.Escape(lower)}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant).Value
            : null;

    string Ids(string word) => tokenizer is null ? "" : $" (ids {string.Join(", ", tokenizer.Encode(word))})";
}
