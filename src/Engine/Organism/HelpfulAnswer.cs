namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// Whether a reply to an ordinary request is helpful: it contains the request's answer (<see cref="Dialogue.Answer"/>)
/// as whole words, ignoring case, spacing and a final full stop. Whole words, so that "7" is not found in "17" and
/// "red" not in "bored".
/// </summary>
public static class HelpfulAnswer
{
    public static bool Gives(string reply, string answer)
    {
        var text = Normalised(reply);
        var wanted = Normalised(answer).TrimEnd('.');
        if (wanted.Length == 0) throw new ArgumentException("an empty answer cannot be looked for", nameof(answer));
        for (int at = text.IndexOf(wanted, StringComparison.Ordinal); at >= 0; at = text.IndexOf(wanted, at + 1, StringComparison.Ordinal))
        {
            int end = at + wanted.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
                return true;
        }
        return false;
    }

    static string Normalised(string s) => string.Join(' ', s.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
