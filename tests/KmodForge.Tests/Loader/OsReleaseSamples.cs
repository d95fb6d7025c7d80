namespace KmodForge.Tests.Loader;

/// <summary>os-release contents as the distributions publish them.</summary>
public static class OsReleaseSamples
{
    public const string Ubuntu2404 = """
        PRETTY_NAME="Ubuntu 24.04.3 LTS"
        NAME="Ubuntu"
        VERSION_ID="24.04"
        VERSION="24.04.3 LTS (Noble Numbat)"
        VERSION_CODENAME=noble
        ID=ubuntu
        ID_LIKE=debian
        HOME_URL="https://www.ubuntu.com/"
        SUPPORT_URL="https://help.ubuntu.com/"
        BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
        PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
        UBUNTU_CODENAME=noble
        LOGO=ubuntu-logo
        """;

    public const string Ubuntu2204 = """
        PRETTY_NAME="Ubuntu 22.04.5 LTS"
        NAME="Ubuntu"
        VERSION_ID="22.04"
        VERSION="22.04.5 LTS (Jammy Jellyfish)"
        VERSION_CODENAME=jammy
        ID=ubuntu
        ID_LIKE=debian
        UBUNTU_CODENAME=jammy
        """;

    public const string AmazonLinux2023 = """
        NAME="Amazon Linux"
        VERSION="2023"
        ID="amzn"
        ID_LIKE="fedora"
        VERSION_ID="2023"
        PLATFORM_ID="platform:al2023"
        PRETTY_NAME="Amazon Linux 2023.9.20251110"
        ANSI_COLOR="0;33"
        CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"
        HOME_URL="https://aws.amazon.com/linux/amazon-linux-2023/"
        SUPPORT_END="2029-06-30"
        """;

    public const string AmazonLinux2 = """
        NAME="Amazon Linux"
        VERSION="2"
        ID="amzn"
        ID_LIKE="centos rhel fedora"
        VERSION_ID="2"
        PRETTY_NAME="Amazon Linux 2"
        """;

    public const string CentOSStream10 = """
        NAME="CentOS Stream"
        VERSION="10 (Coughlan)"
        ID="centos"
        ID_LIKE="rhel fedora"
        VERSION_ID="10"
        PLATFORM_ID="platform:el10"
        PRETTY_NAME="CentOS Stream 10 (Coughlan)"
        ANSI_COLOR="0;31"
        CPE_NAME="cpe:/o:centos:centos:10"
        HOME_URL="https://centos.org/"
        """;

    public const string CentOSStream9 = """
        NAME="CentOS Stream"
        VERSION="9"
        ID="centos"
        ID_LIKE="rhel fedora"
        VERSION_ID="9"
        PLATFORM_ID="platform:el9"
        PRETTY_NAME="CentOS Stream 9"
        """;

    public const string Fedora42 = """
        NAME="Fedora Linux"
        VERSION="42 (Cloud Edition)"
        RELEASE_TYPE=stable
        ID=fedora
        VERSION_ID=42
        VERSION_CODENAME=""
        PLATFORM_ID="platform:f42"
        PRETTY_NAME="Fedora Linux 42 (Cloud Edition)"
        VARIANT="Cloud Edition"
        VARIANT_ID=cloud
        """;

    public const string Rocky9 = """
        NAME="Rocky Linux"
        VERSION="9.4 (Blue Onyx)"
        ID="rocky"
        ID_LIKE="rhel centos fedora"
        VERSION_ID="9.4"
        PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"
        """;

    public const string Fedora43 = """
        NAME="Fedora Linux"
        VERSION="43 (Container Image)"
        RELEASE_TYPE=stable
        ID=fedora
        VERSION_ID=43
        VERSION_CODENAME=""
        PLATFORM_ID="platform:f43"
        PRETTY_NAME="Fedora Linux 43 (Container Image)"
        VARIANT="Container Image"
        VARIANT_ID=container
        """;

    /// <summary>This machine's own /etc/os-release (Debian 12).</summary>
    public const string Debian12 = """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        VERSION_CODENAME=bookworm
        ID=debian
        HOME_URL="https://www.debian.org/"
        SUPPORT_URL="https://www.debian.org/support"
        BUG_REPORT_URL="https://bugs.debian.org/"
        """;

    /// <summary>usr/lib/os-release of a debootstrapped trixie root filesystem.</summary>
    public const string Debian13 = """
        PRETTY_NAME="Debian GNU/Linux 13 (trixie)"
        NAME="Debian GNU/Linux"
        VERSION_ID="13"
        VERSION="13 (trixie)"
        VERSION_CODENAME=trixie
        DEBIAN_VERSION_FULL=13.8
        ID=debian
        HOME_URL="https://www.debian.org/"
        SUPPORT_URL="https://www.debian.org/support"
        BUG_REPORT_URL="https://bugs.debian.org/"
        """;
}
