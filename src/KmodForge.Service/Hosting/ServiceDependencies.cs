using Microsoft.Extensions.DependencyInjection;

namespace KmodForge.Service.Hosting;

/// <summary>
/// The composition root of the deployed service: the release store, the GitHub clients (GitHub backend) and the build
/// runner (local backend), chosen by settings.
/// </summary>
public static class ServiceDependencies
{
    public static void Add(IServiceCollection services, ServiceSettings settings)
    {
        _ = services;
        throw new ServiceConfigurationException([$"the {settings.Backend} backend's release store and clients are not wired in this build yet"]);
    }
}
