using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using KmodForge.Containers;
using KmodForge.Containers.Commands;
using KmodForge.Containers.Tooling;

namespace KmodForge.Tests.Containers;

/// <summary>The aliases as a Cake script calls them: on an <see cref="ICakeContext"/>, the engine from its arguments.</summary>
public sealed class ContainerAliasTests : IDisposable
{
    private readonly ContainerFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Aliases_run_the_engine_named_by_the_container_engine_argument()
    {
        var context = new TestContext(fixture, new Dictionary<string, string> { ["container-engine"] = "podman" });

        context.ContainerTag("debian:12", "kmodforge/debian:12");
        Assert.Equal("podman", fixture.Runner.LastTool);
        Assert.Equal(["tag", "debian:12", "kmodforge/debian:12"], fixture.Runner.LastArgv);

        context.ContainerBuild(new ContainerBuildSettings { Tags = ["a:1"], Platform = "linux/arm64" }, "/ctx");
        Assert.Equal(["build", "--tag", "a:1", "--platform", "linux/arm64", "/ctx"], fixture.Runner.LastArgv);
    }

    [Fact]
    public void An_engine_in_the_settings_wins_over_the_context()
    {
        var context = new TestContext(fixture, new Dictionary<string, string> { ["container-engine"] = "podman" });

        Assert.True(context.ContainerImageExists("debian:12", new ContainerImageExistsSettings { Engine = ContainerEngineKind.Docker }));

        Assert.Equal("docker", fixture.Runner.LastTool);
        Assert.Equal(["image", "inspect", "--format", "{{.Id}}", "debian:12"], fixture.Runner.LastArgv);
    }

    [Fact]
    public void A_failing_alias_throws_the_engine_error()
    {
        var context = new TestContext(fixture, new Dictionary<string, string> { ["container-engine"] = "podman" });
        fixture.Runner.ExitCode = 125;
        fixture.Runner.StandardError = ["Error: a:1: image not known"];

        var e = Assert.Throws<ContainerEngineException>(() => context.ContainerPush("a:1"));

        Assert.Contains("`podman push a:1` failed with exit code 125", e.Message, StringComparison.Ordinal);
        Assert.Contains("image not known", e.Message, StringComparison.Ordinal);
    }

    private sealed class TestContext(ContainerFixture fixture, IDictionary<string, string> arguments) : ICakeContext
    {
        public IFileSystem FileSystem => fixture.FileSystem;

        public ICakeEnvironment Environment => fixture.Environment;

        public IGlobber Globber => new Globber(fixture.FileSystem, fixture.Environment);

        public ICakeLog Log { get; } = new BuildLogCakeLog(KmodForge.Diagnostics.NullBuildLog.Instance);

        public ICakeArguments Arguments { get; } = new Args(arguments);

        public IProcessRunner ProcessRunner => fixture.Runner;

        public IRegistry Registry => throw new NotSupportedException();

        public IToolLocator Tools => fixture.Tools;

        public ICakeDataResolver Data => throw new NotSupportedException();

        public ICakeConfiguration Configuration { get; } = new CakeConfiguration(new Dictionary<string, string>());

        public IToolInstaller ToolInstaller => throw new NotSupportedException();

        public IServiceProvider ServiceProvider => throw new NotSupportedException();
    }

    private sealed class Args(IDictionary<string, string> values) : ICakeArguments
    {
        public bool HasArgument(string name) => values.ContainsKey(name);

        public ICollection<string> GetArguments(string name) => values.TryGetValue(name, out var v) ? [v] : [];

        public IDictionary<string, ICollection<string>> GetArguments() => values.ToDictionary(kv => kv.Key, kv => (ICollection<string>)[kv.Value]);
    }
}
