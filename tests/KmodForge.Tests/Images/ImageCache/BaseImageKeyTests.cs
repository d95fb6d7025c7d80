using KmodForge.Images.ImageCache;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Images.ImageCache;

public sealed class BaseImageKeyTests
{
    private static readonly DistroVersion Debian12 = DistroRegistry.Debian.GetVersion("12");

    [Fact]
    public void Same_inputs_give_the_same_key()
    {
        using var repo = new TempRepository();
        var calculator = new BaseImageKeyCalculator(repo.Root);

        var first = calculator.Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64);
        var second = calculator.Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64);

        Assert.Equal(first.Hash, second.Hash);
        Assert.Matches("^[0-9a-f]{16}$", first.Hash);
        Assert.Contains("file scripts/setup.sh ", first.Manifest, StringComparison.Ordinal);
        Assert.Contains("arg DEBIAN_VERSION=12", first.Manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_the_dockerfile_a_copied_file_the_version_or_the_architecture_changes_the_key()
    {
        using var repo = new TempRepository();
        var calculator = new BaseImageKeyCalculator(repo.Root);
        var original = calculator.Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64).Hash;

        var otherArch = calculator.Compute(DistroRegistry.Debian, Debian12, Architecture.Aarch64).Hash;
        var otherVersion = calculator.Compute(DistroRegistry.Debian, DistroRegistry.Debian.GetVersion("13"), Architecture.X86_64).Hash;
        repo.Write("docker/scripts/setup.sh", "#!/bin/sh\necho changed\n");
        var copiedChanged = calculator.Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64).Hash;
        repo.Write("docker/Dockerfile.base.debian", "FROM debian:12\nCOPY scripts/ /opt/scripts/\nRUN true \n");
        var dockerfileChanged = calculator.Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64).Hash;

        Assert.Equal(5, new[] { original, otherArch, otherVersion, copiedChanged, dockerfileChanged }.Distinct().Count());
    }

    [Fact]
    public void Files_outside_the_copied_paths_do_not_change_the_key()
    {
        using var repo = new TempRepository();
        var calculator = new BaseImageKeyCalculator(repo.Root);
        var before = calculator.Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64).Hash;

        repo.Write("docker/unrelated.txt", "not copied");

        Assert.Equal(before, calculator.Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64).Hash);
    }

    [Fact]
    public void Glob_sources_are_expanded()
    {
        using var repo = new TempRepository("FROM debian:12\nCOPY conf/*.list /etc/apt/sources.list.d/\n");
        repo.Write("docker/conf/a.list", "deb a");
        repo.Write("docker/conf/b.list", "deb b");
        repo.Write("docker/conf/c.txt", "not matched");

        var key = new BaseImageKeyCalculator(repo.Root).Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64);

        Assert.Contains("file conf/a.list ", key.Manifest, StringComparison.Ordinal);
        Assert.Contains("file conf/b.list ", key.Manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("c.txt", key.Manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_copy_source_is_an_error_naming_the_source_and_line()
    {
        using var repo = new TempRepository("FROM debian:12\n\nCOPY missing.sh /x\n");

        var e = Assert.Throws<BaseImageKeyException>(() => new BaseImageKeyCalculator(repo.Root).Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64));

        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("'missing.sh'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_source_escaping_the_context_is_refused()
    {
        using var repo = new TempRepository("FROM debian:12\nCOPY ../secret /x\n");

        var e = Assert.Throws<BaseImageKeyException>(() => new BaseImageKeyCalculator(repo.Root).Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64));

        Assert.Contains("outside the build context", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_tags_objects_and_registry_references_from_the_key()
    {
        using var repo = new TempRepository();
        var key = new BaseImageKeyCalculator(repo.Root).Compute(DistroRegistry.Debian, Debian12, Architecture.Aarch64);

        Assert.Equal("kmodforge/base-debian:12-arm64", key.Tag);
        Assert.Equal($"kmodforge/base-debian:12-arm64-{key.Hash}", key.KeyedTag);
        Assert.Equal($"base-images/v1/debian/12/arm64/{key.Hash}.tar.zst", key.ObjectKey(ImageCompression.Zstd));
        Assert.Equal($"base-images/v1/debian/12/arm64/{key.Hash}.tar.gz.sha256", key.ChecksumKey(ImageCompression.Gzip));
        Assert.Equal($"ghcr.io/acme/kmodforge-base-debian:12-arm64-{key.Hash}", key.RegistryReference("ghcr.io/acme/"));
        KmodForge.Storage.LocalDirectoryBlobStore.ValidateKey(key.ChecksumKey(ImageCompression.Zstd));
    }

    [Fact]
    public void The_repository_debian_dockerfile_has_a_key()
    {
        var key = new BaseImageKeyCalculator(RepoPaths.Root).Compute(DistroRegistry.Debian, Debian12, Architecture.X86_64);

        Assert.Contains("from debian:12", key.Manifest, StringComparison.Ordinal);
        Assert.Contains("platform linux/amd64", key.Manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ubuntu_dockerfiles_key_covers_the_check_script_it_copies()
    {
        var key = new BaseImageKeyCalculator(RepoPaths.Root).Compute(DistroRegistry.Ubuntu, DistroRegistry.Ubuntu.GetVersion("24.04"), Architecture.Aarch64);

        Assert.Contains("check-apt-sources.sh", key.Manifest, StringComparison.Ordinal);
        Assert.Contains("platform linux/arm64", key.Manifest, StringComparison.Ordinal);
    }
}
