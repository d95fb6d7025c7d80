using KmodForge.Configuration;
using KmodForge.GitHub;
using KmodForge.Pipeline;
using KmodForge.Publishing;
using KmodForge.Service.Backends.GitHub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Hosting;

/// <summary>
/// The composition root of the deployed service: the release store (local directory or GitHub Releases) and, for the
/// GitHub backend, the library's GitHub workflow dispatcher and run finder, all from the same arguments and
/// environment. The local backend's <see cref="IDriverBuildRunner"/> is the pipeline's; register it here.
/// </summary>
public static class ServiceDependencies
{
    public static void Add(IServiceCollection services, ISettingsProvider provider, ServiceSettings settings)
    {
        var usesGitHub = settings.Backend == BuildBackendKind.GitHub || settings.ReleaseStore == ReleaseStoreKind.GitHub;
        if (usesGitHub)
        {
            var github = provider.Get<GitHubSettings>();
            github.Validate();
            services.AddSingleton(sp => GitHubClientFactory.Connect(github, new LoggerBuildLog(sp.GetRequiredService<ILoggerFactory>().CreateLogger("KmodForge.GitHub"))));
            if (settings.Backend == BuildBackendKind.GitHub)
            {
                services.AddSingleton<IWorkflowDispatcher>(sp => new GitHubWorkflowDispatcher(sp.GetRequiredService<GitHubApi>()));
                services.AddSingleton<IWorkflowRuns>(sp => new GitHubWorkflowRuns(sp.GetRequiredService<GitHubApi>()));
                services.AddSingleton(sp =>
                {
                    var api = sp.GetRequiredService<GitHubApi>();
                    return new GitHubBackendOptions(api.Repository, github.DriverBuildWorkflow, _ => api.DefaultBranchAsync());
                });
            }
        }

        if (settings.Backend == BuildBackendKind.Local)
        {
            // The local backend builds through the same pipeline as ./build.sh --target=Driver, wired from the same settings.
            services.AddSingleton<IDriverBuildRunner>(sp =>
            {
                var log = new LoggerBuildLog(sp.GetRequiredService<ILoggerFactory>().CreateLogger("KmodForge.Pipeline"));
                var root = Path.GetFullPath(provider.Get<DriverBuildSettings>().RepositoryRoot ?? Directory.GetCurrentDirectory());
                var pipeline = new DriverBuildPipeline(DriverBuildFactory.CreateOptions(provider, root), DriverBuildFactory.CreateServices(provider, log, root));
                return new Caching.PruningBuildRunner(pipeline, sp.GetRequiredService<Caching.CacheKeeper>());
            });
            Caching.CacheKeeperRegistration.Add(services, provider);

            // The engine the builds' containers run on, to remove those a killed service left behind.
            services.AddSingleton<Containers.IBuildContainers>(sp =>
            {
                try
                {
                    return Containers.ContainerEngineFactory.Create(provider.Get<Containers.ContainerSettings>(),
                        new LoggerBuildLog(sp.GetRequiredService<ILoggerFactory>().CreateLogger("KmodForge.Containers")));
                }
                catch (Errors.KmodForgeException e)
                {
                    return new NoEngine(e.Message);
                }
            });
        }

        if (settings.ReleaseStore == ReleaseStoreKind.GitHub)
        {
            services.AddSingleton<IReleaseStore>(sp => new GitHubReleaseStore(sp.GetRequiredService<GitHubApi>()));
        }
        else
        {
            services.AddSingleton<IReleaseStore>(new LocalDirectoryReleaseStore(settings.ReleaseDirectory));
        }
    }

    /// <summary>No container engine could be selected: listing fails with why (the service logs it and starts anyway).</summary>
    private sealed class NoEngine(string why) : Containers.IBuildContainers
    {
        public Task<IReadOnlyList<Containers.BuildContainer>> ListAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException(why);

        public Task RemoveAsync(string id, CancellationToken cancellationToken) => throw new InvalidOperationException(why);
    }
}
