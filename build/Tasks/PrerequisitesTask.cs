using Cake.Frosting;
using KmodForge.Containers;
using KmodForge.Containers.Tooling;
using KmodForge.Images.ImageCache;
using KmodForge.Pipeline;
using KmodForge.Setup;
using KmodForge.Targets;

namespace KmodForge.Build.Tasks;

[TaskName("Prerequisites")]
[TaskDescription("Checks the machine for what the build needs (container engine and its config, debootstrap, binfmt for emulated architectures; with --prerequisites-for=test all the tests need) and, as root on Debian/Ubuntu, installs what is missing (build/prerequisites.txt).")]
public sealed class PrerequisitesTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    private static readonly string[] ImageTargets = ["BaseImages", "FetchBaseImages"];

    public override async Task RunAsync(BuildContext context)
    {
        var settings = context.Settings<PrerequisiteSettings>();
        var targets = context.Arguments.HasArgument("target") ? context.Arguments.GetArguments("target") : [];
        var scope = settings.Scope ?? (targets.Contains("Test", StringComparer.OrdinalIgnoreCase) ? PrerequisiteScope.Test : PrerequisiteScope.Build);
        var architectures = Architectures(context, targets);
        var container = context.Settings<ContainerSettings>();
        var request = new PrerequisiteRequest(scope, architectures, container.Engine);
        var list = PrerequisiteList.Load(context.RepositoryRoot);
        var installer = new PrerequisiteInstaller(e => new HostCommand(e), context.Log, File.ReadAllText(Path.Combine(context.RepositoryRoot, "build", "containers.conf")), settings.Timeout);
        var check = new PrerequisiteCheck(() => LocalHost.Read(container.ProbeTimeout), installer, context.Log, SudoCommand(scope, architectures));
        await check.EnsureAsync(request, list, settings.Install, cancellation.Token);
    }

    /// <summary>--architecture (the Driver's target), and for the base-image tasks the architectures their images need.</summary>
    private static List<Architecture> Architectures(BuildContext context, ICollection<string> targets)
    {
        var list = new List<Architecture> { ArchitectureNames.TryParse(context.Settings<DriverBuildSettings>().Architecture, out var a) ? a : ArchitectureNames.Host() ?? Architecture.X86_64 };
        if (targets.Any(t => ImageTargets.Contains(t, StringComparer.OrdinalIgnoreCase)))
        {
            var cache = context.Settings<ImageCacheSettings>();
            list.AddRange(BaseImageSelection.Select(cache.Images, cache.Architectures).Select(t => t.Architecture));
        }

        return list.Distinct().ToList();
    }

    private static string SudoCommand(PrerequisiteScope scope, IEnumerable<Architecture> architectures)
    {
        var host = ArchitectureNames.Host();
        var foreign = architectures.Where(a => a != host).Select(a => " --architecture=" + a.KernelName()).FirstOrDefault() ?? string.Empty;
        return scope == PrerequisiteScope.Test
            ? "sudo env \"PATH=$PATH\" ./build.sh --target=Prerequisites --prerequisites-for=test"
            : "sudo env \"PATH=$PATH\" ./build.sh --target=Prerequisites" + foreign;
    }
}
