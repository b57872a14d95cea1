using System.Diagnostics;
using System.Text.Json;

namespace Orleans.Noken.Engine.Tests.Models;

/// <summary>
/// Runs tools/reference/hf_reference.py — an independent numpy port of transformers' modeling files — on a
/// checkpoint folder. CI installs Debian's python3-numpy; a machine without it fails these tests with that advice.
/// </summary>
public static class NumpyReference
{
    static string Python => Environment.GetEnvironmentVariable("NOKEN_REFERENCE_PYTHON") ?? "/usr/bin/python3";

    public static float[][] Logits(string modelDirectory, IReadOnlyList<long> ids, params string[] extraArguments)
    {
        var script = Path.Combine(RepositoryPaths.Root, "tools", "reference", "hf_reference.py");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { script, "--model", modelDirectory, "--ids", string.Join(',', ids) }.Concat(extraArguments))
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"the numpy reference failed (exit {process.ExitCode}); it needs `apt-get install python3-numpy`:\n{stderr}");
        using var json = JsonDocument.Parse(stdout.Result);
        return json.RootElement.GetProperty("logits").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetSingle()).ToArray())
            .ToArray();
    }
}
