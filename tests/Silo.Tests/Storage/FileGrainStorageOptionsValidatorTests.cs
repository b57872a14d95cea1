using Orleans.Noken.Silo.Storage;
using Orleans.Runtime;

namespace Orleans.Noken.Silo.Tests.Storage;

public sealed class FileGrainStorageOptionsValidatorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingRootDirectoryIsRefusedNamingTheProvider(string root)
    {
        var validator = new FileGrainStorageOptionsValidator(new FileGrainStorageOptions { RootDirectory = root }, "files");

        var error = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Contains("'files'", error.Message);
        Assert.Contains("RootDirectory is required", error.Message);
    }

    [Fact]
    public void ARootDirectoryIsAccepted() =>
        new FileGrainStorageOptionsValidator(new FileGrainStorageOptions { RootDirectory = "state" }, "files").ValidateConfiguration();
}
