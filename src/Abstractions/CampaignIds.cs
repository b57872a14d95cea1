using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Noken.Abstractions;

/// <summary>
/// Campaign ids are grain keys, path segments in the result store and URL segments, so they are short and plain:
/// lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.
/// </summary>
public static partial class CampaignIds
{
    public const int MaxLength = 63;

    // \z, not $: '$' also matches before a final line feed, so "x\n" would pass and reach a folder name and a Location header.
    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]*\z")]
    private static partial Regex Pattern();

    /// <summary>Null when <paramref name="id"/> is usable, else why not.</summary>
    public static string? Problem(string? id) =>
        string.IsNullOrEmpty(id) ? "id: is empty"
        : id.Length > MaxLength ? $"id: '{id}' is longer than {MaxLength} characters"
        : !Pattern().IsMatch(id) ? $"id: '{id}' may hold only a-z, 0-9, '.', '_' and '-', and must start with a letter or digit"
        : null;

    /// <summary>An id made from a campaign's name (lower-cased, other characters as '-'), with <paramref name="suffix"/>.</summary>
    public static string FromName(string name, string? suffix = null)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant()) slug.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' ? c : '-');
        var text = slug.ToString().Trim('-', '.', '_');
        if (text.Length == 0) text = "campaign";
        int room = MaxLength - (suffix is null ? 0 : suffix.Length + 1);
        if (text.Length > room) text = text[..room].TrimEnd('-', '.', '_');
        return suffix is null ? text : $"{text}-{suffix}";
    }
}
