using System.Diagnostics;

namespace Orleans.Noken.Client.Tests;

/// <summary>Runs the real <c>noken</c> CLI (the built noken.dll next to the tests) as a child process.</summary>
public static class NokenProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Everything the process said, for assertion messages.</summary>
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static Result Run(params string[] arguments) => RunWith(new Dictionary<string, string>(), arguments);

    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunWith(environment, Timeout.InfiniteTimeSpan, arguments);

    /// <summary>As <see cref="RunWith(IReadOnlyDictionary{string, string}, string[])"/>, but a process still running
    /// after <paramref name="timeout"/> is killed and the test fails with what it printed so far, instead of hanging.</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "noken.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"noken {string.Join(' ', arguments)} did not finish within {timeout}:\n" +
                new Result(-1, stdout.Result, stderr.Result));
        }
        process.WaitForExit(); // the redirected streams are complete only after the parameterless wait
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
