using KmodForge.Targets;

namespace KmodForge.Tests.Targets;

public sealed class TargetValidationTests
{
    private static readonly BuildRequest Valid = new("6.1.0-28-amd64", "x86_64", "debian", "12", "v0.5.16");

    public static TheoryData<string> HostileValues => new()
    {
        "; rm -rf /",
        "$(id)",
        "`id`",
        "../../etc/passwd",
        "a/b",
        "6.1.0 28",
        "6.1.0-28-amd64\n",
        "6.1.0-28-amd64\nid",
        "6.1.0-28-amd64\0",
        "6.1.0-28-ämd64",
        "6.1.0-28-amd64\u202e",
        new string('6', 10_000),
        "",
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Refuses_hostile_kernel_version_naming_the_field(string value) =>
        AssertRefused(Valid with { KernelVersion = value }, "kernel_version");

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Refuses_hostile_architecture_naming_the_field(string value) =>
        AssertRefused(Valid with { Architecture = value }, "architecture");

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Refuses_hostile_distribution_naming_the_field(string value) =>
        AssertRefused(Valid with { Distribution = value }, "distribution");

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Refuses_hostile_distro_version_naming_the_field(string value)
    {
        if (value.Length == 0)
        {
            // An empty distro version means "derive it": that is accepted.
            Assert.True(TargetValidator.Validate(Valid with { DistroVersion = value }).IsValid);
            return;
        }

        AssertRefused(Valid with { DistroVersion = value }, "distro_version");
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Refuses_hostile_driver_version_naming_the_field(string value) =>
        AssertRefused(Valid with { DriverVersion = value }, "driver_version");

    [Fact]
    public void Refuses_missing_fields_and_lists_every_bad_field()
    {
        var result = TargetValidator.Validate(new BuildRequest(null, null, null, null, null));

        Assert.False(result.IsValid);
        Assert.Equal(["distribution", "architecture", "kernel_version", "driver_version"], result.Errors.Select(e => e.Field));
        var e = Assert.Throws<TargetValidationException>(result.GetTargetOrThrow);
        Assert.Contains("(missing)", e.Message);
    }

    [Fact]
    public void Error_messages_print_hostile_values_safely()
    {
        var result = TargetValidator.Validate(Valid with { KernelVersion = "6.1\n\0`id`" + new string('x', 200) });

        var message = result.Errors.Single().ToString();
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\0', message);
        Assert.Contains("\\n\\u0000`id`", message);
        Assert.Contains("(209 characters)", message);
    }

    [Theory]
    [InlineData("amd64", Architecture.X86_64)]
    [InlineData("x86_64", Architecture.X86_64)]
    [InlineData("arm64", Architecture.Aarch64)]
    [InlineData("aarch64", Architecture.Aarch64)]
    public void Accepts_debian_and_kernel_architecture_names(string name, Architecture expected)
    {
        var release = expected == Architecture.X86_64 ? "6.1.0-28-amd64" : "6.1.0-28-arm64";

        var target = TargetValidator.Validate(Valid with { KernelVersion = release, Architecture = name }).GetTargetOrThrow();

        Assert.Equal(expected, target.Architecture);
    }

    [Theory]
    [InlineData("AMD64")]
    [InlineData("x86-64")]
    [InlineData("i386")]
    [InlineData("armhf")]
    public void Refuses_other_architecture_spellings(string name) =>
        AssertRefused(Valid with { Architecture = name }, "architecture");

    [Fact]
    public void Architecture_names_per_format_and_tool()
    {
        Assert.Equal(("x86_64", "amd64", "x86_64", "linux/amd64", "x86", (ushort)62),
            (Architecture.X86_64.KernelName(), Architecture.X86_64.DebianName(), Architecture.X86_64.RpmName(), Architecture.X86_64.OciPlatform(), Architecture.X86_64.KbuildArch(), Architecture.X86_64.ElfMachine()));
        Assert.Equal(("aarch64", "arm64", "aarch64", "linux/arm64", "arm64", (ushort)183),
            (Architecture.Aarch64.KernelName(), Architecture.Aarch64.DebianName(), Architecture.Aarch64.RpmName(), Architecture.Aarch64.OciPlatform(), Architecture.Aarch64.KbuildArch(), Architecture.Aarch64.ElfMachine()));
        Assert.Equal("arm64", PackageFormat.Deb.ArchName(Architecture.Aarch64));
        Assert.Equal("aarch64", PackageFormat.Rpm.ArchName(Architecture.Aarch64));
    }

    [Theory]
    [InlineData("fedora", "42", "6.14.0-63.fc43.x86_64", "x86_64", "distro_version", "fedora 43")]
    [InlineData("fedora", null, "6.14.0-63.fc42.x86_64", "aarch64", "architecture", "x86_64 kernel")]
    [InlineData("centos", "stream9", "6.12.0-212.el10.x86_64", "x86_64", "distro_version", "centos stream10")]
    [InlineData("debian", "12", "6.12.38+deb13-amd64", "amd64", "distro_version", "debian 13")]
    [InlineData("debian", null, "6.12.38+deb13-arm64", "x86_64", "architecture", "aarch64 kernel")]
    [InlineData("ubuntu", "24.04", "6.14.0-63.fc42.x86_64", "x86_64", "kernel_version", "not a Ubuntu kernel release")]
    [InlineData("amazonlinux", "2023", "6.12.58-82.121.amzn2023.aarch64", "x86_64", "architecture", "aarch64 kernel")]
    public void Refuses_fields_that_contradict_the_kernel_release(string distro, string? version, string release, string arch, string field, string reason)
    {
        var result = TargetValidator.Validate(new BuildRequest(release, arch, distro, version, "v1.0.0"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Problem);
    }

    [Theory]
    [InlineData("fedora", "6.14.0-63.fc42.x86_64", "42")]
    [InlineData("fedora", "6.17.1-300.fc43.aarch64", "43")]
    [InlineData("centos", "6.12.0-212.el10.x86_64", "stream10")]
    [InlineData("centos", "5.14.0-570.el9.x86_64", "stream9")]
    [InlineData("centos", "5.14.0-100.rt14.100.el9.x86_64", "stream9")]
    [InlineData("amazonlinux", "6.12.58-82.121.amzn2023.x86_64", "2023")]
    [InlineData("amazonlinux", "6.1.159-182.297.amzn2023.x86_64", "2023")]
    [InlineData("debian", "6.12.38+deb13-amd64", "13")]
    [InlineData("debian", "6.12.43+deb12-amd64", "12")]
    [InlineData("debian", "6.5.0-0.deb12.4-amd64", "12")]
    [InlineData("debian", "6.1.0-28-amd64", "12")]
    [InlineData("debian", "6.1.0-28-cloud-amd64", "12")]
    [InlineData("debian", "6.12.38+deb13-arm64-16k", "13")]
    [InlineData("ubuntu", "6.14.0-1021-gcp", "24.04")]
    [InlineData("ubuntu", "6.8.0-48-generic", "24.04")]
    [InlineData("ubuntu", "5.15.0-1004-intel-iotg", "24.04")]
    public void Derives_the_distro_version_from_real_release_strings(string distro, string release, string expected)
    {
        var arch = release.Contains("arm64", StringComparison.Ordinal) || release.EndsWith("aarch64", StringComparison.Ordinal) ? "aarch64" : "x86_64";

        var target = BuildTarget.Create(distro, null, release, arch, "v1.0.0");

        Assert.Equal(expected, target.DistroVersion.Id);
        Assert.Equal(release, target.KernelRelease);
    }

    [Theory]
    [InlineData("debian", "5.10.0-18-amd64", "11")]
    [InlineData("debian", "6.1.0-0.deb11.13-amd64", "11")]
    [InlineData("fedora", "6.8.5-301.fc40.x86_64", "40")]
    [InlineData("centos", "4.18.0-553.el8_10.x86_64", "stream8")]
    [InlineData("amazonlinux", "5.15.25-14.106.amzn2022.x86_64", "2022")]
    public void Refuses_releases_of_unsupported_distro_versions_naming_the_derived_version(string distro, string release, string derived)
    {
        var error = Assert.Single(TargetValidator.Validate(new BuildRequest(release, "x86_64", distro, null, "v1.0.0")).Errors);

        Assert.Equal("distro_version", error.Field);
        Assert.Equal(derived, error.Value);
        Assert.Contains("is not a supported", error.Problem);
    }

    [Theory]
    [InlineData("debian", "5.10.140-1-amd64")]
    [InlineData("debian", "6.1.0-28-i386")]
    [InlineData("fedora", "6.14.0-63.fc42.i686")]
    [InlineData("amazonlinux", "5.10.96-90.460.amzn2.x86_64")]
    [InlineData("centos", "5.14.0-570.el9")]
    public void Refuses_releases_not_shaped_like_the_distributions(string distro, string release)
    {
        var error = Assert.Single(TargetValidator.Validate(new BuildRequest(release, "x86_64", distro, null, "v1.0.0")).Errors);

        Assert.Equal("kernel_version", error.Field);
        Assert.Contains("expected the shape of e.g.", error.Problem);
    }

    [Fact]
    public void Uses_the_default_version_and_round_trips_through_the_request()
    {
        var target = BuildTarget.Create("ubuntu", null, "6.14.0-1021-gcp", "amd64", "v0.1.2");

        Assert.Equal("24.04", target.DistroVersion.Id);
        Assert.Equal(target, TargetValidator.Validate(target.ToRequest()).GetTargetOrThrow());
        Assert.Equal("v0.2.0", target.WithDriverVersion("v0.2.0").DriverVersion);
        Assert.Equal("kmodforge/base-ubuntu:24.04-amd64", target.BaseImageTag);
        Assert.Throws<TargetValidationException>(() => target.WithDriverVersion("$(id)"));
    }

    [Fact]
    public void Every_registered_version_accepts_its_distributions_example_release()
    {
        foreach (var (distribution, version) in DistroRegistry.AllVersions())
        {
            Assert.Matches(distribution.KernelReleasePattern, distribution.KernelReleaseExample);
            Assert.Contains(distribution.DefaultVersion, distribution.Versions.Select(v => v.Id));
            Assert.Equal(distribution.Versions.Count, distribution.Versions.Select(v => v.Id).Distinct().Count());
            Assert.NotNull(distribution.FindVersion(version.Id));
        }
    }

    private static void AssertRefused(BuildRequest request, string field)
    {
        var result = TargetValidator.Validate(request);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == field);
        var e = Assert.Throws<TargetValidationException>(result.GetTargetOrThrow);
        Assert.Contains(field + ": ", e.Message);
    }
}
