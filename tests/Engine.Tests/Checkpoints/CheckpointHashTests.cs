using Orleans.Noken.Engine.Checkpoints;

namespace Orleans.Noken.Engine.Tests.Checkpoints;

public sealed class CheckpointHashTests
{
    [Fact]
    public void TwoCopiesOfACheckpointHashTheSameWhereverTheyAreAndAChangedWeightDoesNot()
    {
        using var dir = new TempDirectory();
        var organism = Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned");
        var copy = Directory.CreateDirectory(dir.File("copy")).FullName;
        foreach (var file in Directory.GetFiles(organism)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(copy, "README.md"), "notes do not change what the model does");

        var hash = CheckpointHash.Of(organism);
        Assert.Matches("^sha256:[0-9a-f]{64}$", hash);
        Assert.Equal(hash, CheckpointHash.Of(copy));

        var weights = Path.Combine(copy, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 1;
        File.WriteAllBytes(weights, bytes);
        Assert.NotEqual(hash, CheckpointHash.Of(copy));
    }
}
