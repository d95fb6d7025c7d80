using KmodForge.Configuration;
using KmodForge.Sources;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Sources;

public sealed class ModuleSourceParserTests : IDisposable
{
    private readonly TempDirectory temp = new("kmodforge-source-parse");

    [Theory]
    [InlineData("acpi-call-dkms_1.2.2-2.1_all.deb", ModuleSourceKind.Package)]
    [InlineData("dkms-foo-1.0-1.fc42.noarch.rpm", ModuleSourceKind.Package)]
    [InlineData("foo-1.0.tar", ModuleSourceKind.Tarball)]
    [InlineData("foo-1.0.tar.gz", ModuleSourceKind.Tarball)]
    [InlineData("foo-1.0.tgz", ModuleSourceKind.Tarball)]
    [InlineData("foo-1.0.tar.xz", ModuleSourceKind.Tarball)]
    [InlineData("foo-1.0.tar.zst", ModuleSourceKind.Tarball)]
    public void A_file_is_a_package_or_a_tarball_by_its_name(string name, ModuleSourceKind kind)
    {
        File.WriteAllText(temp.Combine(name), "x");
        var spec = ModuleSourceParser.Parse(name, null, temp.Path);
        Assert.Equal(new ModuleSourceSpec(kind, temp.Combine(name)), spec);
    }

    [Fact]
    public void A_directory_is_used_in_place()
    {
        var spec = ModuleSourceParser.Parse(".", null, temp.Path);
        Assert.Equal(new ModuleSourceSpec(ModuleSourceKind.Directory, Path.GetFullPath(temp.Path)), spec);
    }

    [Theory]
    [InlineData("git+https://example.org/drivers/foo.git@v1.2.3", "https://example.org/drivers/foo.git", "v1.2.3")]
    [InlineData("git+https://example.org/drivers/foo.git@release/1.x", "https://example.org/drivers/foo.git", "release/1.x")]
    [InlineData("git+ssh://git@example.org/foo.git@v2", "ssh://git@example.org/foo.git", "v2")]
    [InlineData("git+ssh://git@example.org/foo.git", "ssh://git@example.org/foo.git", null)]
    [InlineData("git+https://user:token@example.org/foo.git", "https://user:token@example.org/foo.git", null)]
    [InlineData("git+file:///srv/git/foo.git@0123456789abcdef0123456789abcdef01234567", "file:///srv/git/foo.git", "0123456789abcdef0123456789abcdef01234567")]
    public void A_git_source_is_a_url_and_an_optional_ref_after_the_last_at_of_its_path(string value, string url, string? gitRef) =>
        Assert.Equal(new ModuleSourceSpec(ModuleSourceKind.Git, url, gitRef), ModuleSourceParser.Parse(value, null, temp.Path));

    [Fact]
    public void A_local_repository_with_a_ref_setting_is_a_git_source()
    {
        Directory.CreateDirectory(temp.Combine("repo", ".git"));
        Assert.Equal(new ModuleSourceSpec(ModuleSourceKind.Git, temp.Combine("repo"), "v1"), ModuleSourceParser.Parse("repo", "v1", temp.Path));
        Assert.Equal(new ModuleSourceSpec(ModuleSourceKind.Git, temp.Combine("repo"), "v2"), ModuleSourceParser.Parse("git+repo@v2", null, temp.Path));
    }

    [Theory]
    [InlineData("missing-dir", null, "--module-source: 'missing-dir' does not exist")]
    [InlineData("notes.txt", null, "neither a package nor a tarball")]
    [InlineData("foo.tar.gz", "v1", "--module-source-ref: 'v1' applies only to a git repository")]
    [InlineData(".", "v1", "is not a git repository")]
    [InlineData("git+ftp://example.org/foo.git@v1", null, "schemes https, http, ssh, git, file")]
    [InlineData("git+https://example.org/foo.git@v1", "v2", "is a second ref")]
    [InlineData("git+https://example.org/foo.git@v1;reboot", null, "is not an accepted git ref")]
    [InlineData("git+https://example.org/foo.git", "--upload-pack=touch /tmp/x", "--module-source-ref: '--upload-pack=touch /tmp/x' is not an accepted git ref")]
    [InlineData("git+https://example.org/foo.git", "v1..v2", "is not an accepted git ref")]
    [InlineData("git+https://exa mple.org/foo.git", null, "whitespace")]
    [InlineData("git+-oProxyCommand=x", null, "not a directory")]
    [InlineData("git+/no/such/repo@v1", null, "not a directory")]
    public void Bad_values_name_the_setting_the_value_and_the_accepted_forms(string value, string? gitRef, string expected)
    {
        File.WriteAllText(temp.Combine("notes.txt"), "x");
        File.WriteAllText(temp.Combine("foo.tar.gz"), "x");
        var e = Assert.Throws<SettingsException>(() => ModuleSourceParser.Parse(value, gitRef, temp.Path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("--module-source", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_with_credentials_is_shown_without_them()
    {
        var e = Assert.Throws<SettingsException>(() => ModuleSourceParser.Parse("git+https://bot:s3cr3t-t0ken@example.org/foo.git@bad..ref", null, temp.Path));
        Assert.DoesNotContain("s3cr3t", e.Message, StringComparison.Ordinal);
        Assert.Contains("https://***@example.org/foo.git", e.Message, StringComparison.Ordinal);
        var spec = ModuleSourceParser.Parse("git+https://bot:s3cr3t-t0ken@example.org/foo.git@v1", null, temp.Path);
        Assert.Equal("git+https://***@example.org/foo.git@v1", spec.Display);
    }

    public void Dispose() => temp.Dispose();
}
