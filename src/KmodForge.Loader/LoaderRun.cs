using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Loader.Detection;
using KmodForge.Loader.Fetching;
using KmodForge.Loader.Installing;
using KmodForge.Naming;
using KmodForge.Net;
using KmodForge.Signing.Minisign;
using KmodForge.Targets;

namespace KmodForge.Loader;

/// <summary>
/// From a booting node to a loaded driver: detect the node, compute the package name and release tag exactly as the
/// publisher does, fetch and verify the package (asking the build service when it is missing), install and load it.
/// </summary>
public sealed class LoaderRun(LoaderSettings settings, IBuildLog log, HttpClient? http = null)
{
    private readonly HttpClient http = http ?? new HttpClient(new RetryHandler(RetryOptions.Default, log)) { Timeout = Timeout.InfiniteTimeSpan };

    public CommandRunner Commands { get; } = new(settings.DryRun, log);

    /// <summary>The trusted key that signed the package this run installed (null when unsigned packages are allowed).</summary>
    public string? SignatureKeyId { get; private set; }

    /// <summary>The pinned keys, or null with a warning when --allow-unsigned is set; neither is a settings error.</summary>
    private TrustedKeys? Trust()
    {
        if (settings.TrustedKeys.Count > 0)
        {
            return TrustedKeys.Parse(settings.TrustedKeys, "--trusted-keys");
        }

        if (!settings.AllowUnsigned)
        {
            throw new Configuration.SettingsException(["--trusted-keys / KMODFORGE_TRUSTED_KEYS is required: the minisign public key(s) packages are signed with (see docs/security.md); --allow-unsigned skips the check"]);
        }

        log.Warning("--allow-unsigned: package signatures are NOT checked; anyone who can write to the release store or sits between it and this node can load code into this kernel");
        return null;
    }

    public async Task<InstallOutcome> RunAsync(CancellationToken cancellationToken)
    {
        if (InputRules.DriverVersion(settings.DriverVersion) is { } problem)
        {
            throw new TargetValidationException([new FieldError(TargetFields.CommandLine.DriverVersion, settings.DriverVersion, problem)]);
        }

        var releaseBase = settings.ReleaseBase
            ?? throw new Configuration.SettingsException(["--release-base / KMODFORGE_RELEASE_BASE is required: the GitHub Releases download URL, S3/HTTP base URL or directory packages are published to"]);

        if (releaseBase.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !settings.AllowInsecureHttp)
        {
            throw new Configuration.SettingsException([$"--release-base: {Printable.Quote(releaseBase)} is plain http, which anyone on the path can change; use https:// or a local directory (or --allow-insecure-http for a loopback or lab mirror)"]);
        }

        var trust = Trust();
        var node = new NodeDetector(settings.HostRoot).Detect(settings.KernelRelease, settings.Architecture);
        var (request, target, fileName, tag) = PackageFor(node, settings);
        log.Info($"node: {Printable.Quote(node.PrettyName ?? node.OsId)} → {target}; package {fileName}, release {tag}");

        var fetcher = new PackageFetcher(http, releaseBase, settings.CacheDirectory, log, trust);
        string package;
        try
        {
            package = await fetcher.FetchAsync(tag, fileName, cancellationToken).ConfigureAwait(false);
        }
        catch (PackageNotFoundException missing)
        {
            if (settings.ServiceUrl is null)
            {
                throw new PackageNotFoundException($"{missing.Message}; no --service-url is set to ask for a build");
            }

            log.Info($"{fileName} is not published ({missing.Message}): asking the build service");
            var service = new BuildServiceClient(http, new Uri(settings.ServiceUrl.TrimEnd('/') + "/"), settings.ServiceToken, log);
            await service.WaitForPackageAsync(request with { DistroVersion = target.DistroVersion.Id }, settings.BuildWait, settings.PollInterval, cancellationToken).ConfigureAwait(false);
            package = await fetcher.FetchAsync(tag, fileName, cancellationToken).ConfigureAwait(false);
        }

        SignatureKeyId = fetcher.SignatureKeyId;
        var installer = new ModuleInstaller(settings, Commands, new LoadedModules(settings.ProcModules, settings.SysModule), log);
        return await installer.InstallAsync(package, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a detected node asks for: its build request (distribution and version from os-release, the kernel release),
    /// the target the registry makes of it, and the package file name and release tag the publisher gives that target.
    /// </summary>
    public static (BuildRequest Request, BuildTarget Target, string FileName, string Tag) PackageFor(NodeInfo node, LoaderSettings settings)
    {
        var request = NodeDetector.ToRequest(node, settings.DriverVersion!);
        var target = TargetValidator.Validate(request, TargetFields.CommandLine).GetTargetOrThrow();
        return (request, target, PackageNaming.FileName(settings.DriverName, target), PackageNaming.ReleaseTag(target, settings.ReleaseTagTemplate));
    }
}
