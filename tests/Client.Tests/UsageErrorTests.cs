namespace Orleans.Noken.Client.Tests;

/// <summary>Every command-line mistake exits 2 (as the README says errors do) with a readable message and a pointer
/// to the command's help, through the real binary.</summary>
public class UsageErrorTests
{
    [Theory]
    [InlineData(new[] { "--threads", "abc", "list" }, "--threads: 'abc' is not a whole number", "noken list --help")]
    [InlineData(new[] { "study", "arms", "--budget", "x" }, "--budget: 'x' is not a whole number", "noken study arms --help")]
    [InlineData(new[] { "study", "arms", "--no-such-option" }, "Unrecognized command or argument '--no-such-option'", "noken study arms --help")]
    [InlineData(new[] { "no-such-command" }, "Unrecognized command or argument 'no-such-command'", "noken --help")]
    public void AUsageErrorExitsTwoWithAReadableMessage(string[] arguments, string message, string help)
    {
        var result = NokenProcess.Run(arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: {message}", result.Stderr);
        Assert.Contains(help, result.Stderr);
        Assert.DoesNotContain("System.", result.Stderr);
    }
}
