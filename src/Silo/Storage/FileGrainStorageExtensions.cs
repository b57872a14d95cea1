using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Orleans.Noken.Silo.Storage;

/// <summary>Registers <see cref="FileGrainStorage"/> as a named Orleans grain storage provider.</summary>
/// <remarks>
/// Orleans.Runtime 10.4 ships its own <c>AddFileGrainStorage</c> in <c>Orleans.Persistence.FileStorage</c> (non-atomic
/// writes); do not import that namespace next to this one, or the calls become ambiguous.
/// </remarks>
public static class FileGrainStorageExtensions
{
    /// <summary>Adds the grain storage provider <paramref name="name"/> (the name in
    /// <c>[PersistentState("state", name)]</c>) keeping each grain state as one file under
    /// <see cref="FileGrainStorageOptions.RootDirectory"/>.</summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name, Action<FileGrainStorageOptions> configure)
    {
        builder.Services.AddFileGrainStorage(name, configure);
        return builder;
    }

    /// <inheritdoc cref="AddFileGrainStorage(ISiloBuilder, string, Action{FileGrainStorageOptions})"/>
    public static IServiceCollection AddFileGrainStorage(this IServiceCollection services, string name, Action<FileGrainStorageOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<FileGrainStorageOptions>(name).Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp => new FileGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name), name));
        // Fills GrainStorageSerializer with the silo's IGrainStorageSerializer when the caller left it unset.
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<FileGrainStorageOptions>,
            DefaultStorageProviderSerializerOptionsConfigurator<FileGrainStorageOptions>>());
        services.ConfigureNamedOptionForLogging<FileGrainStorageOptions>(name);
        return services.AddGrainStorage(name, FileGrainStorage.Create);
    }
}
