using KmodForge.Containers;
using KmodForge.Containers.Commands;

namespace KmodForge.Tests.Containers;

public sealed class ContainerCliFailureTests : IDisposable
{
    private readonly ContainerFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void A_failing_command_throws_with_the_command_line_and_the_last_40_stderr_lines()
    {
        fixture.Runner.ExitCode = 125;
        fixture.Runner.StandardError = Enumerable.Range(1, 50).Select(i => $"line {i}").ToList();

        var e = Assert.Throws<ContainerEngineException>(() =>
            fixture.Cli(ContainerEngineKind.Podman).Execute(new ContainerTagSettings(), ContainerTagCommand.Arguments("a:1", "b:2")));

        Assert.Equal(125, e.ExitCode);
        Assert.Contains("`podman tag a:1 b:2` failed with exit code 125", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 50", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 11", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 10" + Environment.NewLine, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_lines_reach_the_observer_as_stdout_and_prefixed_stderr()
    {
        fixture.Runner.StandardOutput = ["STEP 1/2"];
        fixture.Runner.StandardError = ["warning: x"];
        var seen = new List<string>();

        fixture.Cli(ContainerEngineKind.Podman).Execute(new ContainerPullSettings(), ContainerPullCommand.Arguments(new ContainerPullSettings(), "debian:12"),
            new KmodForge.Containers.Tooling.CommandOptions { OnLine = seen.Add });

        Assert.Equal(["STEP 1/2", "stderr: warning: x"], seen);
    }

    [Fact]
    public void Docker_image_exists_is_false_for_no_such_image_and_an_error_when_the_daemon_is_down()
    {
        var cli = fixture.Cli(ContainerEngineKind.Docker);
        fixture.Runner.ExitCode = 1;
        fixture.Runner.StandardError = ["Error: No such image: debian:12"];
        var missing = cli.Execute(new ContainerImageExistsSettings(), ContainerImageExistsCommand.Arguments(cli.Engine, "debian:12"), ContainerImageExistsCommand.Options);
        Assert.False(ContainerImageExistsCommand.Interpret(cli.Engine, missing));

        fixture.Runner.StandardError = ["Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"];
        var down = cli.Execute(new ContainerImageExistsSettings(), ContainerImageExistsCommand.Arguments(cli.Engine, "debian:12"), ContainerImageExistsCommand.Options);
        var e = Assert.Throws<ContainerEngineException>(() => ContainerImageExistsCommand.Interpret(cli.Engine, down));
        Assert.Contains("Cannot connect to the Docker daemon", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_inspect_reads_id_architecture_os_created_with_nanoseconds_and_size()
    {
        fixture.Runner.StandardOutput =
        [
            """[{"Id":"sha256:abc","Architecture":"arm64","Os":"linux","Created":"2026-11-23T10:20:30.123456789Z","Size":123456}]""",
        ];
        var cli = fixture.Cli(ContainerEngineKind.Podman);

        var info = ContainerImageInspectCommand.Parse(cli.Execute(new ContainerImageInspectSettings(), ContainerImageInspectCommand.Arguments("debian:12"), ContainerImageInspectCommand.Options));

        Assert.Equal(new ImageInfo("sha256:abc", "arm64", "linux", new DateTimeOffset(2026, 11, 23, 10, 20, 30, TimeSpan.Zero).AddTicks(1234567), 123456), info! with { Labels = ImageInfo.NoLabels });
        Assert.Empty(info.Labels);
    }

    [Theory]
    [InlineData(ContainerEngineKind.Podman, "localhost/kmodforge/base-debian:12-amd64")]
    [InlineData(ContainerEngineKind.Docker, "kmodforge/base-debian:12-amd64")]
    public void Image_inspect_reads_the_tags_and_tells_a_tag_however_the_engine_spells_its_registry(ContainerEngineKind kind, string spelled)
    {
        fixture.Runner.StandardOutput = [$$"""[{"Id":"sha256:abc","RepoTags":["{{spelled}}-d4","{{spelled}}"]}]"""];

        var info = ContainerImageInspectCommand.Parse(fixture.Cli(kind).Execute(new ContainerImageInspectSettings(), ContainerImageInspectCommand.Arguments("x:1"), ContainerImageInspectCommand.Options))!;

        Assert.True(info.HasTag("kmodforge/base-debian:12-amd64"));
        Assert.True(info.HasTag("localhost/kmodforge/base-debian:12-amd64-d4"));
        Assert.False(info.HasTag("kmodforge/base-debian:12"));
        Assert.False(info.HasTag("other/base-debian:12-amd64"));
    }

    [Fact]
    public void Load_reads_the_image_names_docker_and_podman_print()
    {
        fixture.Runner.StandardOutput = ["Getting image source signatures", "Loaded image(s): localhost/a:1,docker.io/library/b:2", "Loaded image: c:3"];
        var result = fixture.Cli(ContainerEngineKind.Podman).Execute(new ContainerLoadSettings(), ContainerLoadCommand.Arguments("/tmp/x.tar"));

        Assert.Equal(["localhost/a:1", "docker.io/library/b:2", "c:3"], ContainerLoadCommand.LoadedImages(result));
    }
}
