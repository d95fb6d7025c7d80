namespace KmodForge.Tests.Matrix.Agreement;

/// <summary>
/// New-schema kernel-crawler lists (os-release keys, string kernelversion) shaped like today's crawler output for the
/// supported versions: Fedora 42/43, CentOS Stream 9/10, AL2023 x86_64 and aarch64, Ubuntu 22.04/24.04 with HWE and
/// cloud kernels (some with a crawler release that is not uname -r), Debian 12/13 and bookworm-backports, with the
/// flavours that exist only in the header lists (-rt/-cloud, arm64 -64k/-16k), and CentOS Stream's aarch64 64k-page
/// kernels (<c>+64k</c> releases, kernel-64k-devel).
/// </summary>
public static class SyntheticCrawlerLists
{
    private const string Fedora = "https://kojipkgs.fedoraproject.org/packages/kernel/";
    private const string Stream = "https://mirror.stream.centos.org/";
    private const string Al2023 = "https://cdn.amazonlinux.com/al2023/core/guids/0123456789abcdef/";
    private const string Ubuntu = "http://archive.ubuntu.com/ubuntu/pool/main/l/";
    private const string Ports = "http://ports.ubuntu.com/ubuntu-ports/pool/main/l/";
    private const string Debian = "http://deb.debian.org/debian/pool/main/l/linux/";
    private const string DebianBackports = "http://deb.debian.org/debian/pool/main/l/linux-signed-amd64/";

    public static string X86_64 => $$"""
        {
          "fedora": [
            {{Rpm("6.14.0-63.fc42.x86_64", "fedora", Fedora + "6.14.0/63.fc42/x86_64/kernel-devel-6.14.0-63.fc42.x86_64.rpm")}},
            {{Rpm("6.17.1-300.fc43.x86_64", "fedora", Fedora + "6.17.1/300.fc43/x86_64/kernel-devel-6.17.1-300.fc43.x86_64.rpm")}}
          ],
          "centos": [
            {{Rpm("5.14.0-570.el9.x86_64", "centos", Stream + "9-stream/AppStream/x86_64/os/Packages/kernel-devel-5.14.0-570.el9.x86_64.rpm")}},
            {{Rpm("6.12.0-124.el10.x86_64", "centos", Stream + "10-stream/AppStream/x86_64/os/Packages/kernel-devel-6.12.0-124.el10.x86_64.rpm")}}
          ],
          "amzn": [
            {{Rpm("6.1.97-104.177.amzn2023.x86_64", "amazonlinux2023", Al2023 + "x86_64/kernel-devel-6.1.97-104.177.amzn2023.x86_64.rpm")}},
            {{Rpm("6.12.40-63.114.amzn2023.x86_64", "amazonlinux2023", Al2023 + "x86_64/kernel6.12-devel-6.12.40-63.114.amzn2023.x86_64.rpm")}}
          ],
          "ubuntu": [
            {{Deb("6.8.0-60-generic", "ubuntu-generic", "63~22.04.1", Ubuntu + "linux-hwe-6.8/linux-hwe-6.8-headers-6.8.0-60_6.8.0-60.63~22.04.1_all.deb",
                Ubuntu + "linux-hwe-6.8/linux-headers-6.8.0-60-generic_6.8.0-60.63~22.04.1_amd64.deb")}},
            {{Deb("6.8.0-1030-aws-6.8", "ubuntu-aws-6.8", "32~22.04.1", Ubuntu + "linux-aws-6.8/linux-aws-6.8-headers-6.8.0-1030_6.8.0-1030.32~22.04.1_all.deb",
                Ubuntu + "linux-aws-6.8/linux-headers-6.8.0-1030-aws_6.8.0-1030.32~22.04.1_amd64.deb")}},
            {{Deb("5.15.0-143-generic", "ubuntu-generic", "153", Ubuntu + "linux/linux-headers-5.15.0-143_5.15.0-143.153_all.deb",
                Ubuntu + "linux/linux-headers-5.15.0-143-generic_5.15.0-143.153_amd64.deb", Ubuntu + "linux/linux-headers-5.15.0-143-lowlatency_5.15.0-143.153_amd64.deb")}},
            {{Deb("6.14.0-29-generic", "ubuntu-generic", "29~24.04.1", Ubuntu + "linux-hwe-6.14/linux-hwe-6.14-headers-6.14.0-29_6.14.0-29.29~24.04.1_all.deb",
                Ubuntu + "linux-hwe-6.14/linux-headers-6.14.0-29-generic_6.14.0-29.29~24.04.1_amd64.deb")}},
            {{Deb("6.8.0-48-generic", "ubuntu-generic", "48", Ubuntu + "linux/linux-headers-6.8.0-48_6.8.0-48.48_all.deb",
                Ubuntu + "linux/linux-headers-6.8.0-48-generic_6.8.0-48.48_amd64.deb", Ubuntu + "linux/linux-headers-6.8.0-48-lowlatency_6.8.0-48.48_amd64.deb")}}
          ],
          "debian": [
            {{Deb("6.1.119-1-amd64", "debian", "1", Debian + "linux-headers-6.1.0-28-common_6.1.119-1_all.deb", Debian + "linux-headers-6.1.0-28-common-rt_6.1.119-1_all.deb",
                Debian + "linux-headers-6.1.0-28-amd64_6.1.119-1_amd64.deb", Debian + "linux-headers-6.1.0-28-rt-amd64_6.1.119-1_amd64.deb",
                Debian + "linux-headers-6.1.0-28-cloud-amd64_6.1.119-1_amd64.deb", Debian + "linux-kbuild-6.1_6.1.119-1_amd64.deb")}},
            {{Deb("6.12.38-1-amd64", "debian", "1", Debian + "linux-headers-6.12.38%2Bdeb13-common_6.12.38-1_all.deb",
                Debian + "linux-headers-6.12.38%2Bdeb13-amd64_6.12.38-1_amd64.deb", Debian + "linux-headers-6.12.38%2Bdeb13-cloud-amd64_6.12.38-1_amd64.deb")}},
            {{Deb("6.12.30-1~bpo12+1-amd64", "debian", "1", DebianBackports + "linux-headers-6.12.30%2Bbpo-common_6.12.30-1~bpo12%2B1_all.deb",
                DebianBackports + "linux-headers-6.12.30%2Bbpo-amd64_6.12.30-1~bpo12%2B1_amd64.deb", DebianBackports + "linux-headers-6.12.30%2Bbpo-rt-amd64_6.12.30-1~bpo12%2B1_amd64.deb")}}
          ]
        }
        """;

    public static string Aarch64 => $$"""
        {
          "centos": [
            {{Rpm("5.14.0-570.el9.aarch64", "centos", Stream + "9-stream/AppStream/aarch64/os/Packages/kernel-devel-5.14.0-570.el9.aarch64.rpm")}},
            {{Rpm("5.14.0-570.el9.aarch64+64k", "centos", Stream + "9-stream/AppStream/aarch64/os/Packages/kernel-64k-devel-5.14.0-570.el9.aarch64.rpm")}},
            {{Rpm("6.12.0-124.el10.aarch64", "centos", Stream + "10-stream/AppStream/aarch64/os/Packages/kernel-devel-6.12.0-124.el10.aarch64.rpm")}},
            {{Rpm("6.12.0-124.el10.aarch64+64k", "centos", Stream + "10-stream/AppStream/aarch64/os/Packages/kernel-64k-devel-6.12.0-124.el10.aarch64.rpm")}}
          ],
          "amzn": [
            {{Rpm("6.1.97-104.177.amzn2023.aarch64", "amazonlinux2023", Al2023 + "aarch64/kernel-devel-6.1.97-104.177.amzn2023.aarch64.rpm")}}
          ],
          "ubuntu": [
            {{Deb("6.8.0-48-generic", "ubuntu-generic", "48", Ports + "linux/linux-headers-6.8.0-48_6.8.0-48.48_all.deb",
                Ports + "linux/linux-headers-6.8.0-48-generic_6.8.0-48.48_arm64.deb", Ports + "linux/linux-headers-6.8.0-48-generic-64k_6.8.0-48.48_arm64.deb")}},
            {{Deb("6.8.0-60-generic", "ubuntu-generic", "63~22.04.1", Ports + "linux-hwe-6.8/linux-headers-6.8.0-60-generic_6.8.0-60.63~22.04.1_arm64.deb",
                Ports + "linux-hwe-6.8/linux-headers-6.8.0-60-generic-64k_6.8.0-60.63~22.04.1_arm64.deb")}}
          ],
          "debian": [
            {{Deb("6.12.38-1-arm64", "debian", "1", Debian + "linux-headers-6.12.38%2Bdeb13-common_6.12.38-1_all.deb",
                Debian + "linux-headers-6.12.38%2Bdeb13-arm64_6.12.38-1_arm64.deb", Debian + "linux-headers-6.12.38%2Bdeb13-arm64-16k_6.12.38-1_arm64.deb")}},
            {{Deb("6.1.119-1-arm64", "debian", "1", Debian + "linux-headers-6.1.0-28-common_6.1.119-1_all.deb",
                Debian + "linux-headers-6.1.0-28-arm64_6.1.119-1_arm64.deb", Debian + "linux-headers-6.1.0-28-rt-arm64_6.1.119-1_arm64.deb")}}
          ]
        }
        """;

    private static string Rpm(string release, string target, string header) =>
        $$"""{"kernelversion": "1", "kernelrelease": "{{release}}", "target": "{{target}}", "headers": ["{{header}}"]}""";

    private static string Deb(string release, string target, string kernelVersion, params string[] headers) =>
        $$"""{"kernelversion": "{{kernelVersion}}", "kernelrelease": "{{release}}", "target": "{{target}}", "headers": [{{string.Join(", ", headers.Select(h => $"\"{h}\""))}}]}""";
}
