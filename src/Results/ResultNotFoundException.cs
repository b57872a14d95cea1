namespace Orleans.Noken.Results;

public sealed class ResultNotFoundException(string path)
    : FileNotFoundException($"The result store has nothing at '{path}'.", path);
