using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orleans.Noken.Client.Tests;

/// <summary>Runs the real <c>noken</c> CLI (the built noken.dll next to the tests) as a child process.</summary>
public static partial class NokenProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Everything the process said, for assertion messages.</summary>
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    static string Cli => Path.Combine(AppContext.BaseDirectory, "noken.dll");

    public static Result Run(params string[] arguments) => RunWith(new Dictionary<string, string>(), arguments);

    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunWith(environment, Timeout.InfiniteTimeSpan, arguments);

    /// <summary>As <see cref="RunWith(IReadOnlyDictionary{string, string}, string[])"/>, but a process still running
    /// after <paramref name="timeout"/> is killed and the test fails with what it printed so far, instead of hanging.</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments) =>
        Start("dotnet", [Cli, .. arguments], environment, timeout, $"noken {string.Join(' ', arguments)}");

    /// <summary>
    /// The CLI on a pseudo-terminal, as someone at a terminal runs it, so the live views and progress bars that a
    /// redirected run never shows are on. util-linux <c>script</c> provides the terminal (-e: the child's exit code;
    /// -q: no banner; /dev/null: no transcript). Stdout and stderr arrive together in <see cref="Result.Stdout"/>,
    /// with the escape codes removed.
    /// </summary>
    public static Result RunOnTerminal(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var command = string.Join(' ', new[] { "dotnet", Cli }.Concat(arguments).Select(ShellQuote));
        var terminal = new Dictionary<string, string>(environment) { ["TERM"] = "xterm-256color" };
        var result = Start("script", ["-qefc", command, "/dev/null"], terminal, timeout, $"noken {string.Join(' ', arguments)} (on a terminal)");
        return result with { Stdout = AnsiEscape().Replace(result.Stdout, "").Replace("\r", "") };
    }

    static Result Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string what)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close(); // nothing to type: a command that asks would otherwise wait forever
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{what} did not finish within {timeout}:\n" + new Result(-1, stdout.Result, stderr.Result));
        }
        process.WaitForExit(); // the redirected streams are complete only after the parameterless wait
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    static string ShellQuote(string argument) => "'" + argument.Replace("'", "'\\''") + "'";

    /// <summary>CSI sequences (colours, cursor movement) and the two-character ones (<c>ESC =</c>, <c>ESC &gt;</c>).</summary>
    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|[=>])")]
    private static partial Regex AnsiEscape();
}
