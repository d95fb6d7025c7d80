using System.Text.Json;
using System.Text.RegularExpressions;
using KmodForge.Tests.Loader;

namespace KmodForge.Tests.Matrix.Agreement;

/// <summary>
/// The test's own answer, from the distributions' published facts and not from the registry, to "which node runs this
/// crawler kernel": its <c>uname -r</c> (the name of each arch-specific <c>linux-headers-&lt;release&gt;</c> package, one
/// per flavour; an RPM kernel's release is already its uname) and the os-release of the distro version it ships on
/// (Ubuntu's <c>~22.04</c> and Debian's <c>~bpo12+</c> backport markers, <c>+deb13</c>, <c>.fc42</c>, <c>.el9</c>,
/// <c>amzn2023</c>, or the kernel line the release shipped: jammy 5.15, noble 6.8, bookworm 6.1, trixie 6.12).
/// </summary>
public static partial class KernelTruth
{
    /// <summary>A node that runs a kernel: its uname release and os-release (null: a distro version not supported here).</summary>
    public sealed record Node(string Uname, string Distribution, string? Version, string? OsRelease);

    private static readonly Dictionary<(string, string), string> OsReleases = new()
    {
        [("ubuntu", "22.04")] = OsReleaseSamples.Ubuntu2204,
        [("ubuntu", "24.04")] = OsReleaseSamples.Ubuntu2404,
        [("debian", "12")] = OsReleaseSamples.Debian12,
        [("debian", "13")] = OsReleaseSamples.Debian13,
        [("fedora", "42")] = OsReleaseSamples.Fedora42,
        [("fedora", "43")] = OsReleaseSamples.Fedora43,
        [("centos", "stream9")] = OsReleaseSamples.CentOSStream9,
        [("centos", "stream10")] = OsReleaseSamples.CentOSStream10,
        [("amazonlinux", "2023")] = OsReleaseSamples.AmazonLinux2023,
    };

    private static readonly Dictionary<string, string> UbuntuLines = new() { ["5.15"] = "22.04", ["6.8"] = "24.04" };

    private static readonly Dictionary<string, string> DebianLines = new() { ["6.1"] = "12", ["6.12"] = "13" };

    /// <summary>Every node a crawler entry's kernel runs on (several flavours for Debian and Ubuntu); none for other distributions.</summary>
    public static IReadOnlyList<Node> For(JsonElement entry, string debianArch)
    {
        var target = entry.GetProperty("target").GetString()!;
        var release = entry.GetProperty("kernelrelease").GetString()!;
        var kernelVersion = entry.GetProperty("kernelversion").ToString();
        var headers = entry.TryGetProperty("headers", out var h) ? h.EnumerateArray().Select(x => Uri.UnescapeDataString(x.GetString()!)).ToList() : [];
        var distribution = new[] { "ubuntu", "debian", "fedora", "centos" }.FirstOrDefault(d => target == d || target.StartsWith(d + "-", StringComparison.Ordinal))
            ?? (target == "amazonlinux2023" ? "amazonlinux" : null);
        if (distribution is null)
        {
            return [];
        }

        var unames = distribution is "ubuntu" or "debian"
            ? headers.Select(u => DebHeaders().Match(u[(u.LastIndexOf('/') + 1)..])).Where(m => m.Success && m.Groups["arch"].Value == debianArch)
                .Select(m => m.Groups["rel"].Value).Distinct().ToList()
            : [release];
        return unames.Select(u =>
        {
            var version = distribution switch
            {
                "ubuntu" => Marker(UbuntuSeries(), [kernelVersion, .. headers]) ?? UbuntuLines.GetValueOrDefault(Line(u)),
                "debian" => Marker(DebianSuite(), [u, .. headers]) ?? DebianLines.GetValueOrDefault(Line(u)),
                "fedora" => Marker(FedoraDist(), [u]),
                "centos" => Marker(CentOSDist(), [u]) is { } el ? "stream" + el : null,
                _ => Marker(AmazonDist(), [u]),
            };
            return new Node(u, distribution, version, version is null ? null : OsReleases.GetValueOrDefault((distribution, version)));
        }).ToList();
    }

    private static string? Marker(Regex pattern, IEnumerable<string> texts) =>
        texts.Select(t => pattern.Match(t)).FirstOrDefault(m => m.Success)?.Groups["v"].Value;

    private static string Line(string uname) => string.Join('.', uname.Split('.', '-').Take(2));

    [GeneratedRegex(@"^linux-headers-(?<rel>[0-9][^_]*)_[^_]+_(?<arch>amd64|arm64)\.deb$")]
    private static partial Regex DebHeaders();

    [GeneratedRegex(@"~(?<v>\d\d\.\d\d)")]
    private static partial Regex UbuntuSeries();

    [GeneratedRegex(@"~bpo(?<v>\d+)\+|\+deb(?<v>\d+)-|\.deb(?<v>\d+)\.")]
    private static partial Regex DebianSuite();

    [GeneratedRegex(@"\.fc(?<v>\d+)\.")]
    private static partial Regex FedoraDist();

    [GeneratedRegex(@"\.el(?<v>\d+)(?:_\d+)?\.")]
    private static partial Regex CentOSDist();

    [GeneratedRegex(@"\.amzn(?<v>\d+)\.")]
    private static partial Regex AmazonDist();
}
