using Microsoft.Extensions.DependencyInjection;

namespace Cake.Frosting;

/// <summary>Cake.Frosting's registration helpers.</summary>
public static class CakeHostExtensions
{
    /// <summary>Makes <typeparamref name="TContext"/> the context every task receives (resolved from DI, so its constructor can take services).</summary>
    public static CakeHost UseContext<TContext>(this CakeHost host)
        where TContext : class, IFrostingContext =>
        host.ConfigureServices(s => s.AddSingleton<IFrostingContext, TContext>());

    /// <summary>Registers a build setup/teardown.</summary>
    public static CakeHost UseLifetime<TLifetime>(this CakeHost host)
        where TLifetime : class, IFrostingLifetime =>
        host.ConfigureServices(s =>
        {
            s.AddSingleton<TLifetime>();
            s.AddSingleton<IFrostingSetup>(sp => sp.GetRequiredService<TLifetime>());
            s.AddSingleton<IFrostingTeardown>(sp => sp.GetRequiredService<TLifetime>());
        });

    /// <summary>Registers a per-task setup/teardown.</summary>
    public static CakeHost UseTaskLifetime<TLifetime>(this CakeHost host)
        where TLifetime : class, IFrostingTaskLifetime =>
        host.ConfigureServices(s =>
        {
            s.AddSingleton<TLifetime>();
            s.AddSingleton<IFrostingTaskSetup>(sp => sp.GetRequiredService<TLifetime>());
            s.AddSingleton<IFrostingTaskTeardown>(sp => sp.GetRequiredService<TLifetime>());
        });
}
