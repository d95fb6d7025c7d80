using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Path = System.IO.Path;
using KmodForge.Containers;
using KmodForge.Containers.Tooling;

namespace KmodForge.Tests.Containers;

/// <summary>
/// Cake.Core's real file system and environment, a recording process runner, and stand-in executables for docker and
/// podman in a temporary folder (so tool resolution works whether or not the engines are installed).
/// </summary>
internal sealed class ContainerFixture : IDisposable
{
    public ContainerFixture()
    {
        Directory.CreateDirectory(BinDirectory);
        foreach (var name in new[] { "docker", "podman" })
        {
            File.WriteAllText(Path.Combine(BinDirectory, name), "#!/bin/sh\nexit 0\n");
        }

        FileSystem = new FileSystem();
        Environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        var configuration = new CakeConfiguration(new Dictionary<string, string>());
        var log = new BuildLogCakeLog(KmodForge.Diagnostics.NullBuildLog.Instance);
        Tools = new ToolLocator(Environment, new ToolRepository(Environment), new ToolResolutionStrategy(FileSystem, Environment, new Globber(FileSystem, Environment), configuration, log));
        Tools.RegisterFile(new FilePath(Path.Combine(BinDirectory, "docker")));
        Tools.RegisterFile(new FilePath(Path.Combine(BinDirectory, "podman")));
    }

    public string BinDirectory { get; } = Path.Combine(Path.GetTempPath(), "kmodforge-tests-" + Guid.NewGuid().ToString("N"));

    public IFileSystem FileSystem { get; }

    public ICakeEnvironment Environment { get; }

    public IToolLocator Tools { get; }

    public RecordingProcessRunner Runner { get; } = new();

    public ContainerCli Cli(ContainerEngineKind engine) => new(FileSystem, Environment, Runner, Tools, engine);

    public void Dispose() => Directory.Delete(BinDirectory, recursive: true);
}
