using KmodForge.Configuration;
using KmodForge.Images.ImageCache;
using KmodForge.Targets;

namespace KmodForge.Tests.Images.ImageCache;

public sealed class BaseImageSelectionTests
{
    [Fact]
    public void Empty_filter_selects_every_registry_version_on_every_architecture()
    {
        var targets = BaseImageSelection.Select([], ["x86_64", "aarch64"]);

        Assert.Equal(DistroRegistry.AllVersions().Count() * 2, targets.Count);
        Assert.Contains(targets, t => t.ToString() == "amazonlinux:2023:aarch64");
    }

    [Fact]
    public void Filter_entries_select_versions_and_architectures()
    {
        var targets = BaseImageSelection.Select(["debian:12", "ubuntu:24.04:arm64", "fedora"], ["x86_64"]);

        Assert.Equal(["debian:12:x86_64", "ubuntu:24.04:aarch64", "fedora:42:x86_64", "fedora:43:x86_64"], targets.Select(t => t.ToString()));
    }

    [Fact]
    public void Bad_entries_are_errors_naming_each_one_and_what_is_accepted()
    {
        var e = Assert.Throws<SettingsException>(() => BaseImageSelection.Select(["debian:11", "gentoo", "ubuntu:24.04:sparc", "debian:12:x86_64:extra"], ["mips"]));

        Assert.Contains(e.Errors, x => x.StartsWith("--images: 'debian:11'", StringComparison.Ordinal) && x.Contains("12, 13", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("--images: 'gentoo'", StringComparison.Ordinal) && x.Contains("ubuntu, debian", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("--images: 'ubuntu:24.04:sparc'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("--images: 'debian:12:x86_64:extra'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("--image-architectures: 'mips'", StringComparison.Ordinal));
    }
}
