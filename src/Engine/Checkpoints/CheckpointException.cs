namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// A folder that is not a checkpoint we can run: the message names the file (and the tensor, when one is at fault)
/// so a researcher can fix the folder without reading a native stack trace.
/// </summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static CheckpointException InFile(string file, string problem) => new($"{file}: {problem}");

    public static CheckpointException InTensor(string file, string tensor, string problem) =>
        new($"{file}: tensor '{tensor}' {problem}");
}
