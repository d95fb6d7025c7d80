using KmodForge.Caching;
using KmodForge.Configuration;
using KmodForge.Containers;
using KmodForge.Service.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Caching;

/// <summary>Registers the <see cref="CacheKeeper"/> of the local backend, wired from the same settings as its builds.</summary>
public static class CacheKeeperRegistration
{
    public static void Add(IServiceCollection services, ISettingsProvider provider)
    {
        var settings = provider.Get<CacheSettings>().Validated();
        services.AddSingleton(sp =>
        {
            var log = new LoggerBuildLog(sp.GetRequiredService<ILoggerFactory>().CreateLogger("KmodForge.Caching"));
            var engine = ContainerEngineFactory.Create(provider.Get<ContainerSettings>(), log);
            return new CacheKeeper(CachePrunerFactory.Create(provider, engine, log), settings.PruneInterval,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CacheKeeper>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<CacheKeeper>());
    }
}
