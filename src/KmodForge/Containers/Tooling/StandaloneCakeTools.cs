using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.IO;
using Cake.Core.Tooling;
using KmodForge.Diagnostics;

namespace KmodForge.Containers.Tooling;

/// <summary>
/// Cake.Core's real file system, environment, tool locator and process runner, built without a Cake host, for code
/// that runs container commands outside a Cake script (the build service, the benchmarks).
/// </summary>
public sealed class StandaloneCakeTools
{
    public StandaloneCakeTools(IBuildLog log)
    {
        FileSystem = new FileSystem();
        Environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        Log = new BuildLogCakeLog(log);
        Configuration = new CakeConfiguration(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        Globber = new Globber(FileSystem, Environment);
        Tools = new ToolLocator(Environment, new ToolRepository(Environment), new ToolResolutionStrategy(FileSystem, Environment, Globber, Configuration, Log));
        ProcessRunner = new ProcessRunner(FileSystem, Environment, Log, Tools, Configuration);
    }

    public IFileSystem FileSystem { get; }

    public ICakeEnvironment Environment { get; }

    public BuildLogCakeLog Log { get; }

    public ICakeConfiguration Configuration { get; }

    public IGlobber Globber { get; }

    public IToolLocator Tools { get; }

    public IProcessRunner ProcessRunner { get; }

    /// <summary>A host tool (debootstrap, tar) run through the same process runner.</summary>
    public HostCommand Host(string executable) => new(FileSystem, Environment, ProcessRunner, Tools, executable);
}
