namespace Orleans.Noken.Results.Tests;

/// <summary>One Azurite process for every blob test class (it takes a second or two to start).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
