using System.CommandLine;
using System.Text.RegularExpressions;

namespace Orleans.Noken.Client;

/// <summary>
/// Command-line mistakes (an unknown option, a value of the wrong type, a missing argument) exit 2, as every other
/// usage error does, with System.CommandLine's messages made readable: "'abc' is not a whole number", not the CLR's
/// name of a nullable integer.
/// </summary>
public static partial class UsageErrors
{
    public const int ExitCode = 2;

    public static int Report(ParseResult parse)
    {
        foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {Readable(error.Message)}");
        var command = string.Join(' ', Path(parse.CommandResult));
        Console.Error.WriteLine($"see `noken {command}{(command.Length > 0 ? " " : "")}--help` for usage");
        return ExitCode;
    }

    public static string Readable(string message)
    {
        var match = TypeError().Match(message);
        if (!match.Success) return message;
        string expected = match.Groups["type"].Value switch
        {
            var t when t.Contains("Int32") || t.Contains("Int64") => "a whole number",
            var t when t.Contains("Double") || t.Contains("Single") => "a number",
            var t when t.Contains("Boolean") => "true or false",
            var t => $"a {t}",
        };
        return $"{match.Groups["option"].Value}: '{match.Groups["value"].Value}' is not {expected}";
    }

    /// <summary>The subcommand's words below the root ("study arms").</summary>
    static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var at = result; at?.Parent is not null; at = at.Parent as System.CommandLine.Parsing.CommandResult) names.Push(at.Command.Name);
        return names;
    }

    [GeneratedRegex(@"Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex TypeError();
}
