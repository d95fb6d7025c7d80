using KmodForge.Configuration;
using KmodForge.Containers;
using KmodForge.Containers.Emulation;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Headers;
using KmodForge.Headers.Koji;
using KmodForge.Headers.Rpm;
using KmodForge.GitHub;
using KmodForge.Images;
using KmodForge.Images.ImageCache;
using KmodForge.Packaging.Rpm;
using KmodForge.Signing;
using KmodForge.Storage;
using KmodForge.Packaging;
using KmodForge.Publishing;
using KmodForge.Targets;

namespace KmodForge.Pipeline;

/// <summary>
/// Wires a driver build from settings: the one place that decides which engine, base-image provider, header sources,
/// writers and release store a build uses. The Cake tasks, the build service and the benchmarks all come through here.
/// </summary>
public static class DriverBuildFactory
{
    public static DriverBuildServices CreateServices(ISettingsProvider settings, IBuildLog log, string baseDirectory)
    {
        var engine = ContainerEngineFactory.Create(settings.Get<ContainerSettings>(), log);
        return CreateServices(settings, log, baseDirectory, engine);
    }

    public static DriverBuildServices CreateServices(ISettingsProvider settings, IBuildLog log, string baseDirectory, IContainerEngine engine)
    {
        var blobStore = BlobStoreSettings.Create(settings, log);
        IBaseImageProvider baseImages = ImageCacheFactory.Provider(engine, blobStore, settings.Get<BaseImageSettings>(), settings.Get<ImageCacheSettings>(), baseDirectory, log);
        var headerSettings = settings.Get<HeaderSourceSettings>();
        var http = HeaderDownloader.CreateHttpClient(headerSettings, log);
        var apt = new AptHeaderSource(engine, settings.Get<AptSettings>() with { DebianMirror = settings.Get<BaseImageSettings>().DebianMirror }, headerSettings.Network);
        var headers = new HeaderResolver(
        [
            apt,
            new DnfHeaderSource(engine, headerSettings),
            new UrlHeaderSource(http, headerSettings),
            new KojiHeaderSource(http, headerSettings),
            new LivepatchHeaderSource(engine, headerSettings),
        ], log);
        var downloader = new HeaderDownloader(http, log, headerSettings.MaxPackageMiB * 1024L * 1024L);
        var writers = new Dictionary<PackageFormat, IPackageWriter>
        {
            [PackageFormat.Deb] = new DebPackageWriter(),
            [PackageFormat.Rpm] = new RpmPackageWriter(),
        };
        return new DriverBuildServices(engine, baseImages, headers, downloader, CreateStore(settings, baseDirectory, log), writers, log)
        {
            HeaderNetwork = headerSettings.Network,
            Apt = apt,
            CacheUse = new IO.CacheUse(settings.Get<BaseImageSettings>().ResolvedCacheDirectory),
            LayerNamespace = settings.Get<Caching.CacheSettings>().Validated().LayerNamespace,
        };
    }

    private static GitHubSettings Validated(GitHubSettings github)
    {
        github.Validate();
        return github;
    }

    public static IReleaseStore CreateStore(ISettingsProvider settings, string baseDirectory, IBuildLog log)
    {
        var build = settings.Get<DriverBuildSettings>();
        return build.ReleaseStore switch
        {
            ReleaseStoreKind.GitHub => new GitHubReleaseStore(GitHubClientFactory.Connect(Validated(settings.Get<GitHubSettings>()), log)),
            _ => new LocalDirectoryReleaseStore(Path.GetFullPath(build.ReleaseDirectory, baseDirectory)),
        };
    }

    public static DriverBuildOptions CreateOptions(ISettingsProvider settings, string baseDirectory) =>
        CreateOptions(settings, DkmsSettingsDefaults.Apply(settings.Get<DriverBuildSettings>(), baseDirectory), baseDirectory);

    /// <summary>The options, from driver settings whose dkms.conf defaults were applied already (<see cref="DkmsSettingsDefaults.Apply"/>, read once).</summary>
    public static DriverBuildOptions CreateOptions(ISettingsProvider settings, DriverBuildSettings driver, string baseDirectory)
    {
        var packageSigning = settings.Get<Signing.Minisign.PackageSigningSettings>();
        if (packageSigning.Enabled)
        {
            // A wrong key or password fails now, before any container work.
            using var key = packageSigning.Load();
        }

        return DriverBuildOptions.From(driver, settings.Get<PackageMetadataSettings>(), baseDirectory) with
        {
            Signing = settings.Get<ModuleSigningSettings>(),
            PackageSigning = packageSigning,
        };
    }

    /// <summary>
    /// Validates the requested target. <c>--kernel-release=latest</c> (or <c>latest-backports</c>) is resolved in the target's base image (ensuring
    /// it first); every other field is validated before that, so bad input fails before any container work. With
    /// <paramref name="baseDirectory"/>, a module source's dkms.conf gives the default driver version (<see cref="DkmsSettingsDefaults"/>).
    /// </summary>
    public static async Task<BuildTarget> ResolveTargetAsync(DriverBuildSettings settings, DriverBuildServices services, CancellationToken cancellationToken, string? baseDirectory = null)
    {
        settings = baseDirectory is null ? settings : DkmsSettingsDefaults.Apply(settings, baseDirectory);
        var architecture = settings.Architecture ?? ArchitectureNames.Host()?.KernelName();
        var request = new BuildRequest(settings.KernelRelease, architecture, settings.Distribution, settings.DistroVersion, settings.DriverVersion);
        var backports = string.Equals(settings.KernelRelease, DriverBuildSettings.LatestBackportsKernel, StringComparison.Ordinal);
        if (!backports && !string.Equals(settings.KernelRelease, DriverBuildSettings.LatestKernel, StringComparison.Ordinal))
        {
            return TargetValidator.Validate(request, TargetFields.CommandLine).GetTargetOrThrow();
        }

        // Validate everything else with a well-formed stand-in release, then ask the distro for its newest kernel.
        var distribution = DistroRegistry.Find(settings.Distribution);
        if (distribution is { LatestHeadersMetaPackage: null } || (backports && distribution is { AptBackports: false }))
        {
            var supported = DistroRegistry.All.Where(d => backports ? d.AptBackports : d.LatestHeadersMetaPackage is not null).Select(d => d.Id);
            throw new TargetValidationException([new FieldError(TargetFields.CommandLine.KernelRelease, settings.KernelRelease,
                $"is only supported for {string.Join(", ", supported)}; give the exact {distribution!.DisplayName} kernel release")]);
        }

        var probe = TargetValidator.ValidateWithStandInRelease(request, StandIn(distribution, architecture), TargetFields.CommandLine);
        var probeTarget = probe.GetTargetOrThrow();
        var suite = backports ? $"{probeTarget.DistroVersion.Codename}-backports" : null;
        EmulationCheck.Ensure(probeTarget.Architecture, services.Emulation);
        var image = await services.BaseImages.EnsureAsync(probeTarget.Distribution, probeTarget.DistroVersion, probeTarget.Architecture, cancellationToken).ConfigureAwait(false);
        var apt = services.Apt ?? throw new InvalidOperationException("--kernel-release=latest needs the apt header source, which these services lack");
        var release = await apt.ResolveLatestReleaseAsync(probeTarget, image.Tag, suite, cancellationToken).ConfigureAwait(false);
        services.Log.Info($"latest {probeTarget.Distribution.Id} {probeTarget.DistroVersion.Id} {probeTarget.Architecture.KernelName()} kernel{(suite is null ? string.Empty : " in " + suite)}: {release}");
        return TargetValidator.Validate(request with { KernelVersion = release, DistroVersion = probeTarget.DistroVersion.Id }, TargetFields.CommandLine).GetTargetOrThrow();
    }

    private static string? StandIn(Distribution? distribution, string? architecture)
    {
        if (distribution is null)
        {
            return null;
        }

        // The registry's examples are x86_64 releases; for an aarch64 target use the arm64 spelling.
        return ArchitectureNames.TryParse(architecture, out var arch) && arch == Architecture.Aarch64
            ? distribution.KernelReleaseExample.Replace("amd64", "arm64", StringComparison.Ordinal).Replace("x86_64", "aarch64", StringComparison.Ordinal)
            : distribution.KernelReleaseExample;
    }
}
