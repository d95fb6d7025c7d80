using KmodForge.Containers;
using KmodForge.Containers.Commands;
using KmodForge.Containers.Tooling;

namespace KmodForge.Tests.Containers;

public sealed class ContainerArgumentRenderingTests : IDisposable
{
    private readonly ContainerFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Build_renders_each_option_as_separate_argv_entries()
    {
        var settings = new ContainerBuildSettings
        {
            File = "/repo/docker/Dockerfile.base.debian",
            Tags = ["kmodforge/base-debian:12-arm64"],
            BuildArgs = new Dictionary<string, string> { ["DEBIAN_VERSION"] = "12", ["BASE_IMAGE"] = "kmodforge/rootfs-debian:12-arm64" },
            Platform = "linux/arm64",
            Secrets = new Dictionary<string, string> { ["token"] = "/run/secrets/token file" },
            Pull = true,
        };

        fixture.Cli(ContainerEngineKind.Docker).Execute(settings, ContainerBuildCommand.Arguments(settings, "/repo/docker"));

        Assert.Equal("docker", fixture.Runner.LastTool);
        Assert.Equal(
            ["build", "--file", "/repo/docker/Dockerfile.base.debian", "--tag", "kmodforge/base-debian:12-arm64",
             "--build-arg", "DEBIAN_VERSION=12", "--build-arg", "BASE_IMAGE=kmodforge/rootfs-debian:12-arm64",
             "--platform", "linux/arm64", "--secret", "id=token,src=/run/secrets/token file", "--pull", "/repo/docker"],
            fixture.Runner.LastArgv);
    }

    [Fact]
    public void Run_keeps_command_arguments_with_spaces_quotes_and_shell_characters_as_single_entries()
    {
        var settings = new ContainerRunSettings
        {
            Name = "kmodforge-1",
            Volumes = [new Mount("/work/src", "/src", ReadOnly: true), new Mount("/work/out", "/out")],
            Environment = new Dictionary<string, string> { ["KERNEL"] = "6.1.0-28-amd64" },
            Platform = "linux/amd64",
            WorkingDirectoryInContainer = "/src",
            Network = "none",
        };
        string[] command = ["sh", "-c", "echo \"$KERNEL\" > /out/a b; exit 3", "", "back\\slash\\"];

        fixture.Cli(ContainerEngineKind.Podman).Execute(settings, ContainerRunCommand.Arguments(settings, "kmodforge/base-debian:12-amd64", command));

        Assert.Equal("podman", fixture.Runner.LastTool);
        Assert.Equal(
            ["run", "--rm", "--name", "kmodforge-1", "--volume", "/work/src:/src:ro", "--volume", "/work/out:/out",
             "--env", "KERNEL=6.1.0-28-amd64", "--platform", "linux/amd64", "--workdir", "/src", "--network", "none",
             "kmodforge/base-debian:12-amd64", .. command],
            fixture.Runner.LastArgv);
    }

    [Fact]
    public void Run_passes_secret_environment_by_name_only_and_never_renders_the_value()
    {
        var settings = new ContainerRunSettings { SecretEnvironment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_supersecret" } };

        var arguments = ContainerRunCommand.Arguments(settings, "debian:12", ["true"]);

        Assert.Equal(["run", "--rm", "--env", "GITHUB_TOKEN", "debian:12", "true"], arguments.ToArgv());
        Assert.DoesNotContain("ghp_supersecret", arguments.RenderSafe(), StringComparison.Ordinal);
        Assert.Equal("ghp_supersecret", settings.EnvironmentVariables["GITHUB_TOKEN"]);
    }

    [Fact]
    public void Import_renders_platform_for_docker_and_os_arch_for_podman()
    {
        var settings = new ContainerImportSettings { Platform = "linux/arm64" };

        var docker = ContainerImportCommand.Arguments(ContainerEngineKind.Docker, settings, "/cache/rootfs/debian-12-arm64.tar", "kmodforge/rootfs-debian:12-arm64");
        var podman = ContainerImportCommand.Arguments(ContainerEngineKind.Podman, settings, "/cache/rootfs/debian-12-arm64.tar", "kmodforge/rootfs-debian:12-arm64");

        Assert.Equal(["import", "--platform", "linux/arm64", "/cache/rootfs/debian-12-arm64.tar", "kmodforge/rootfs-debian:12-arm64"], docker.ToArgv());
        Assert.Equal(["import", "--os", "linux", "--arch", "arm64", "/cache/rootfs/debian-12-arm64.tar", "kmodforge/rootfs-debian:12-arm64"], podman.ToArgv());
    }

    [Fact]
    public void Image_exists_uses_podman_image_exists_and_docker_image_inspect()
    {
        Assert.Equal(["image", "exists", "debian:12"], ContainerImageExistsCommand.Arguments(ContainerEngineKind.Podman, "debian:12").ToArgv());
        Assert.Equal(["image", "inspect", "--format", "{{.Id}}", "debian:12"], ContainerImageExistsCommand.Arguments(ContainerEngineKind.Docker, "debian:12").ToArgv());
    }

    [Fact]
    public void Image_commands_render_their_operands()
    {
        Assert.Equal(["save", "--output", "/tmp/x.tar", "debian:12"], ContainerSaveCommand.Arguments("debian:12", "/tmp/x.tar").ToArgv());
        Assert.Equal(["load", "--input", "/tmp/x.tar"], ContainerLoadCommand.Arguments("/tmp/x.tar").ToArgv());
        Assert.Equal(["tag", "debian:12", "ghcr.io/acme/debian:12"], ContainerTagCommand.Arguments("debian:12", "ghcr.io/acme/debian:12").ToArgv());
        Assert.Equal(["push", "ghcr.io/acme/base:1.0"], ContainerPushCommand.Arguments("ghcr.io/acme/base:1.0").ToArgv());
        Assert.Equal(["pull", "--platform", "linux/arm64", "debian:12"], ContainerPullCommand.Arguments(new ContainerPullSettings { Platform = "linux/arm64" }, "debian:12").ToArgv());
        Assert.Equal(["rmi", "--force", "a:1", "b:2"], ContainerRmiCommand.Arguments(new ContainerRmiSettings { Force = true }, ["a:1", "b:2"]).ToArgv());
        Assert.Equal(["rm", "--force", "kmodforge-1"], ContainerRmCommand.Arguments(new ContainerRmSettings(), "kmodforge-1").ToArgv());
    }

    [Theory]
    [InlineData("debian:12; rm -rf /")]
    [InlineData("debian:12 --privileged")]
    [InlineData("-v/:/host")]
    [InlineData("Debian:12")]
    [InlineData("debian:$(id)")]
    [InlineData("")]
    public void Rejects_image_references_that_are_not_plain_references(string image)
    {
        var e = Assert.Throws<ContainerInputException>(() => ContainerPullCommand.Arguments(new ContainerPullSettings(), image));
        Assert.Equal("pull image", e.Error.Field);
        Assert.Contains("is not an image reference", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker.io/library/debian:12")]
    [InlineData("localhost:5000/kmodforge/base-debian:12-amd64")]
    [InlineData("ghcr.io/acme/kmod_forge/base:v1.2.3-rc.1")]
    [InlineData("debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Accepts_real_image_references(string image) =>
        Assert.Equal(image, ContainerInput.ImageReference("image", image));

    [Theory]
    [InlineData("relative/src", "/src")]
    [InlineData("/work/a:b", "/src")]
    [InlineData("/work/../etc", "/src")]
    [InlineData("/work/src", "/src\n")]
    public void Rejects_volume_paths_that_are_relative_or_break_the_volume_syntax(string host, string container)
    {
        var settings = new ContainerRunSettings { Volumes = [new Mount(host, container)] };
        var e = Assert.Throws<ContainerInputException>(() => ContainerRunCommand.Arguments(settings, "debian:12", ["true"]));
        Assert.StartsWith("run --volume", e.Error.Field, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux/amd64; id")]
    [InlineData("amd64")]
    public void Rejects_platforms_that_are_not_os_slash_arch(string platform) =>
        Assert.Throws<ContainerInputException>(() => ContainerBuildCommand.Arguments(new ContainerBuildSettings { Platform = platform }, "/ctx"));

    [Fact]
    public void Rejects_build_arg_names_with_shell_characters_and_values_with_newlines()
    {
        Assert.Throws<ContainerInputException>(() => ContainerBuildCommand.Arguments(new ContainerBuildSettings { BuildArgs = new Dictionary<string, string> { ["A;B"] = "1" } }, "/ctx"));
        Assert.Throws<ContainerInputException>(() => ContainerBuildCommand.Arguments(new ContainerBuildSettings { BuildArgs = new Dictionary<string, string> { ["A"] = "1\nRUN id" } }, "/ctx"));
    }

    [Fact]
    public void Commit_writes_labels_and_command_as_change_instructions_and_refuses_quotes_in_them()
    {
        var settings = new ContainerCommitSettings
        {
            Labels = new Dictionary<string, string> { ["io.kmodforge.kernel-release"] = "6.1.0-57-amd64", ["io.kmodforge.base-image"] = "kmodforge/base-debian:12-amd64" },
            Command = ["/bin/bash"],
        };

        Assert.Equal(
            ["commit", "--change", "LABEL io.kmodforge.kernel-release=\"6.1.0-57-amd64\"", "--change", "LABEL io.kmodforge.base-image=\"kmodforge/base-debian:12-amd64\"",
             "--change", "CMD [\"/bin/bash\"]", "kmodforge-0123", "kmodforge/headers-debian:12-amd64-6.1.0-57-amd64-1a2b3c4d"],
            ContainerCommitCommand.Arguments(settings, "kmodforge-0123", "kmodforge/headers-debian:12-amd64-6.1.0-57-amd64-1a2b3c4d").ToArgv());

        var quoted = new ContainerCommitSettings { Labels = new Dictionary<string, string> { ["io.kmodforge.kernel-release"] = "6.1\" RUN id \"" } };
        var e = Assert.Throws<ContainerInputException>(() => ContainerCommitCommand.Arguments(quoted, "kmodforge-0123", "kmodforge/headers-debian:x"));
        Assert.Equal("commit label io.kmodforge.kernel-release", e.Error.Field);
        Assert.Throws<ContainerInputException>(() => ContainerCommitCommand.Arguments(new ContainerCommitSettings { Labels = new Dictionary<string, string> { ["a b"] = "1" } }, "kmodforge-0123", "x:1"));
    }
}
