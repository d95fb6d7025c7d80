using KmodForge.Configuration;
using KmodForge.Targets;

namespace KmodForge.Headers;

/// <summary>
/// Endpoints and inputs of the header sources. Defaults are the real public services; a team behind a proxy or a
/// mirror points them elsewhere, and tests point them at 127.0.0.1.
/// </summary>
public sealed record HeaderSourceSettings
{
    [Setting("header-urls", "Explicit header package URLs for this kernel (comma-separated); kernels.json / kernel-crawler 'headers' go here.")]
    public IReadOnlyList<string> HeaderUrls { get; init; } = [];

    [Setting("dnf-extra-repos", "Extra dnf repository base URLs enabled for the header query and install (comma-separated).")]
    public IReadOnlyList<string> DnfExtraRepos { get; init; } = [];

    [Setting("dnf-extra-repos-gpgcheck", "Check GPG signatures of packages from the extra dnf repositories.")]
    public bool DnfExtraReposGpgCheck { get; init; } = true;

    [Setting("header-network", "Container network for header queries and the header layer build (e.g. host, to reach a mirror on the host's loopback).")]
    public string? Network { get; init; }

    [Setting("koji-hub", "Koji hubs (XML-RPC) as <distribution>=<url>, comma-separated; each replaces that distribution's public hub from the registry (fedora, centos).")]
    public IReadOnlyList<string> KojiHubs { get => kojiHubs.Given; init => kojiHubs = KojiOverrides.Parse(value); }

    [Setting("koji-topurl", "Koji file servers as <distribution>=<url>, comma-separated; each replaces that distribution's public file server from the registry.")]
    public IReadOnlyList<string> KojiTopUrls { get => kojiTopUrls.Given; init => kojiTopUrls = KojiOverrides.Parse(value); }

    /// <summary>The AL2023 kernel-livepatch repository's CDN mirror list (its first line is the repository base).</summary>
    public const string DefaultLivepatchRepo = "https://cdn.amazonlinux.com/al2023/kernel-livepatch/mirrors/latest/{arch}/mirror.list";

    /// <summary>The one description of <c>livepatch-repo</c>, which the header source and the matrix both read.</summary>
    public const string LivepatchRepoDescription = "AL2023 kernel-livepatch repository: a mirror.list URL or a repository base URL ({arch} substituted); empty to skip.";

    [Setting("livepatch-repo", LivepatchRepoDescription)]
    public string LivepatchRepo { get; init; } = DefaultLivepatchRepo;

    /// <summary>The livepatch repository of one architecture, and whether it is a mirror list (else a repository base).</summary>
    public (string Url, bool MirrorList) LivepatchRepoFor(Architecture architecture)
    {
        var url = LivepatchRepo.Replace("{arch}", architecture.RpmName(), StringComparison.Ordinal);
        return (url, url.EndsWith("mirror.list", StringComparison.Ordinal));
    }

    [Setting("header-download-timeout", "Seconds one header download attempt may take.")]
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(5);

    [Setting("header-max-size", "Largest header package accepted, in MiB.")]
    public int MaxPackageMiB { get; init; } = 512;

    private readonly KojiOverrides kojiHubs = KojiOverrides.None;
    private readonly KojiOverrides kojiTopUrls = KojiOverrides.None;

    /// <summary>The hub and file server of a distribution's Koji instance: the registry's, unless a setting replaces them.</summary>
    public (string Hub, string TopUrl) KojiEndpoints(Distribution distribution)
    {
        var koji = distribution.Koji ?? throw new InvalidOperationException($"{distribution.Id} has no Koji instance in the registry.");
        return (kojiHubs.For(distribution) ?? koji.Hub, kojiTopUrls.For(distribution) ?? koji.TopUrl);
    }
}
