using System.Diagnostics;

namespace Orleans.Noken.Deploy.Tests.Infrastructure;

/// <summary>An external program the tests drive (kubectl, node, go), found on PATH or failing with how to get it.</summary>
public sealed record Tool(string Path)
{
    public static Tool Find(string name, string howToInstall)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, name);
            if (File.Exists(candidate)) return new Tool(candidate);
        }
        throw new InvalidOperationException($"`{name}` is not on PATH; the deployment tests need it ({howToInstall})");
    }

    public ToolResult Run(IEnumerable<string> arguments, string? stdin = null, IDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        // Read both pipes concurrently: a full stderr pipe would otherwise block a chatty child forever.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path} {string.Join(' ', start.ArgumentList)} did not finish");
        }
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public ToolResult Succeeded(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed (exit {ExitCode}):\n{Stderr}\n{Stdout}");
}
