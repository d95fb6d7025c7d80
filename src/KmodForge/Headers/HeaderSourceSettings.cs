using System.Reflection;
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

    [Setting("koji-fedora-hub", "Fedora's Koji hub (XML-RPC).")]
    public string FedoraKojiHub { get; init; } = "https://koji.fedoraproject.org/kojihub";

    [Setting("koji-fedora-topurl", "Fedora's Koji file server.")]
    public string FedoraKojiTopUrl { get; init; } = "https://kojipkgs.fedoraproject.org";

    [Setting("koji-centos-hub", "CentOS Stream's Koji hub (the seed's 'cbs'; the real CBS hub, https://cbs.centos.org/kojihub, is another instance).")]
    public string CentOSKojiHub { get; init; } = "https://kojihub.stream.centos.org/kojihub";

    [Setting("koji-centos-topurl", "CentOS Stream's Koji file server.")]
    public string CentOSKojiTopUrl { get; init; } = "https://kojihub.stream.centos.org/kojifiles";

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

    /// <summary>The hub and file server of a distribution's Koji instance, read from the settings it names.</summary>
    public (string Hub, string TopUrl) KojiEndpoints(KojiInstance koji) => (SettingValue(koji.HubSetting), SettingValue(koji.TopUrlSetting));

    private string SettingValue(string name) =>
        typeof(HeaderSourceSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.PropertyType == typeof(string) && p.GetCustomAttribute<SettingAttribute>()?.Name == name)?.GetValue(this) as string
        ?? throw new InvalidOperationException($"Koji setting '{name}' is not a string setting of {nameof(HeaderSourceSettings)}.");
}
