using System.Text.RegularExpressions;

namespace Orleans.Noken.Engine.Behaviour;

/// <summary>
/// Words and punctuation marks of a text, lower-cased, as the unit the text detectors count in: independent of the
/// tokenizer, so hand-written calibration texts and real continuations are measured alike.
/// </summary>
public static partial class TextUnits
{
    [GeneratedRegex(@"\w+(?:['’-]\w+)*|[^\w\s]", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();

    public static string[] Of(string text) =>
        UnitPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToArray();

    /// <summary>Only the word units (punctuation dropped).</summary>
    public static string[] WordsOf(string text) => Of(text).Where(u => char.IsLetterOrDigit(u[0]) || u[0] == '_').ToArray();

    /// <summary>A short quotation of a text for evidence strings.</summary>
    public static string Quote(string text, int max = 40) =>
        text.Length <= max ? text : text[..max] + "…";
}
